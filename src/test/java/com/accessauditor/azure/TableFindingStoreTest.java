package com.accessauditor.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.findings.FindingQuery;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableFindingStoreTest {
  @Test
  void aQueryBecomesOneServerSideFilterOnThePartitionAndTheProperties() {
    FindingQuery q = FindingQuery.parse(Map.of("severity", "high", "status", "open",
        "subscription", "11111111-2222-3333-4444-555555555555", "since", "2026-11-01"),
        Instant.parse("2026-11-23T00:00:00Z"));

    assertThat(TableFindingStore.filter(q)).isEqualTo(
        "PartitionKey eq '11111111-2222-3333-4444-555555555555' and status eq 'open'"
            + " and (severity eq 'critical' or severity eq 'high') and lastSeen ge datetime'2026-11-01T00:00:00Z'");
  }

  @Test
  void noFiltersReadsEverything() {
    assertThat(TableFindingStore.filter(FindingQuery.all())).isNull();
  }
}
