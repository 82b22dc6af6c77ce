package com.accessauditor.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.alerts.Alert;
import com.accessauditor.alerts.AlertKind;
import com.accessauditor.alerts.AlertOutbox;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.FindingStatus;
import com.accessauditor.findings.Severity;
import com.accessauditor.support.Azurite;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The `alerts` table as two instances share it: a follow-up made at delivery time is sent by whoever wrote
 * it first, and by nobody else, with no read in between.
 */
class TableAlertOutboxIT {
  private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
  private final AlertOutbox here = Azurite.emptyAccount().alerts();
  /** Another instance of the app: its own clients, over the same table. */
  private final AlertOutbox there = StorageAccount.withConnectionString(Azurite.connectionString()).alerts();

  private static Alert followUp() {
    Finding root = new Finding("recycle", FindingKind.RECYCLED_IDENTITY, Severity.HIGH, FindingStatus.OPEN, "s",
        "/subscriptions/s", "p", "ServicePrincipal", "func-orders", "", "Identity of func-orders was recreated",
        "detail", "az role assignment create ...", NOW, NOW, Optional.empty(), FindingDraft.Source.SWEEP, List.of());
    return new Alert("f1", "ops", AlertKind.FOLLOW_UP, root, NOW, Alert.Status.PENDING, 0, NOW, Optional.empty(),
        List.of(new Alert.Consequence("missing", "high", "Declared Storage Blob Data Owner is missing")));
  }

  @Test
  void theInstanceThatWroteANewAlertMayClaimItAndOneThatFoundItWrittenMayNot() {

    assertThat(here.add(followUp())).isTrue();
    assertThat(there.add(followUp())).as("written already").isFalse();

    assertThat(there.claim(followUp(), NOW.plus(Duration.ofMinutes(2)))).isFalse();
    assertThat(here.claim(followUp(), NOW.plus(Duration.ofMinutes(2)))).isTrue();
    assertThat(here.list()).singleElement().satisfies(a -> assertThat(a.consequences()).hasSize(1));
  }

  @Test
  void aNewAlertClaimedByAnotherInstanceFirstCannotBeClaimedByItsWriter() {
    here.add(followUp());

    List<Alert> due = there.due(NOW);
    assertThat(there.claim(due.get(0), NOW.plus(Duration.ofMinutes(2)))).isTrue();

    assertThat(here.claim(followUp(), NOW.plus(Duration.ofMinutes(2)))).as("changed since it was written").isFalse();
  }
}
