package com.accessauditor.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindingQueryTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @Test
  void filtersAreReadFromTheirVocabularies() {
    FindingQuery q = FindingQuery.parse(Map.of("severity", "High", "kind", "recycled_identity", "status", "open",
        "since", "7d", "principal", "0A1B2C3D-0002-4000-8000-00000000A002",
        "subscription", "11111111-2222-3333-4444-555555555555"), NOW);

    assertThat(q.severity()).contains(Severity.HIGH);
    assertThat(q.kind()).contains(FindingKind.RECYCLED_IDENTITY);
    assertThat(q.status()).contains(FindingStatus.OPEN);
    assertThat(q.since()).contains(Instant.parse("2026-11-16T12:00:00Z"));
    assertThat(q.principal().map(Object::toString)).contains("0a1b2c3d-0002-4000-8000-00000000a002");
  }

  @Test
  void sinceTakesDatesAndTimesToo() {
    assertThat(FindingQuery.parse(Map.of("since", "2026-11-01"), NOW).since())
        .contains(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(FindingQuery.parse(Map.of("since", "2026-11-01T08:00:00+01:00"), NOW).since())
        .contains(Instant.parse("2026-11-01T07:00:00Z"));
  }

  @Test
  void injectionAttemptsAreRefusedNamingEachFilter() {
    assertThatThrownBy(() -> FindingQuery.parse(Map.of(
        "kind", "PRIVILEGED_GRANT' or PartitionKey ne '",
        "principal", "x' or '1' eq '1",
        "subscription", "11111111-2222-3333-4444-555555555555' or true",
        "since", "datetime'2020-01-01'"), NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown kind")
        .hasMessageContaining("principal 'x' or '1' eq '1' must be an object id")
        .hasMessageContaining("subscription")
        .hasMessageContaining("since");
  }

  @Test
  void severityMeansAtOrAbove() {
    FindingQuery high = FindingQuery.parse(Map.of("severity", "high"), NOW);
    assertThat(high.matches(finding(Severity.CRITICAL))).isTrue();
    assertThat(high.matches(finding(Severity.HIGH))).isTrue();
    assertThat(high.matches(finding(Severity.MEDIUM))).isFalse();
  }

  static Finding finding(Severity severity) {
    return new Finding("fp", FindingKind.PRIVILEGED_GRANT, severity, FindingStatus.OPEN, "s", "/subscriptions/s", "p",
        "User", "", "Owner", "t", "d", "r", NOW, NOW, java.util.Optional.empty(), FindingDraft.Source.SWEEP,
        java.util.List.of());
  }
}
