package com.accessauditor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.FindingStatus;
import com.accessauditor.findings.Severity;
import com.accessauditor.memory.InMemoryAlertOutbox;
import com.accessauditor.memory.InMemoryFindingStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertingFindingStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
  private final InMemoryAlertOutbox outbox = new InMemoryAlertOutbox();
  private final InMemoryFindingStore findings = new InMemoryFindingStore();
  private Instant now = T0;

  private AlertingFindingStore store() {
    return new AlertingFindingStore(findings, outbox, AlertPolicy.defaults(List.of("ops", "security")),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  private static Finding finding(Severity severity, FindingStatus status, Instant seen) {
    return new Finding("fp-1", FindingKind.RECYCLED_IDENTITY, severity, status, "s", "/subscriptions/s", "p",
        "ServicePrincipal", "func-orders", "", "Identity of func-orders was recreated", "detail", "az ...", T0, seen,
        status == FindingStatus.RESOLVED ? Optional.of(seen) : Optional.empty(), FindingDraft.Source.SWEEP,
        List.of());
  }

  @Test
  void aNewHighFindingIsAlertedOncePerChannelAndRepeatedSightingsAlertNobody() {
    store().put(finding(Severity.HIGH, FindingStatus.OPEN, T0));
    store().put(finding(Severity.HIGH, FindingStatus.OPEN, T0.plusSeconds(3600)));
    store().putAll(List.of(finding(Severity.HIGH, FindingStatus.OPEN, T0.plusSeconds(7200))));

    assertThat(outbox.list()).extracting(a -> a.channel() + " " + a.kind())
        .containsExactlyInAnyOrder("ops OPENED", "security OPENED");
  }

  @Test
  void aResolvedFindingSendsAResolvedNoticeToWhoeverHeardItOpened() {
    store().put(finding(Severity.HIGH, FindingStatus.OPEN, T0));
    store().put(finding(Severity.HIGH, FindingStatus.RESOLVED, T0.plusSeconds(60)));

    assertThat(outbox.list()).extracting(Alert::kind).containsExactlyInAnyOrder(AlertKind.OPENED, AlertKind.OPENED,
        AlertKind.RESOLVED, AlertKind.RESOLVED);
  }

  @Test
  void belowTheMinimumSeverityNeitherTheOpeningNorTheResolutionIsAlerted() {
    store().put(finding(Severity.LOW, FindingStatus.OPEN, T0));
    store().put(finding(Severity.LOW, FindingStatus.RESOLVED, T0.plusSeconds(60)));

    assertThat(outbox.list()).isEmpty();
  }

  @Test
  void aFindingThatReopensInsideTheSuppressionWindowIsQuietAndAfterItIsAlertedAgain() {
    store().put(finding(Severity.HIGH, FindingStatus.OPEN, T0));
    store().put(finding(Severity.HIGH, FindingStatus.RESOLVED, T0.plusSeconds(60)));
    now = T0.plus(Duration.ofHours(2));
    store().put(finding(Severity.HIGH, FindingStatus.OPEN, now));
    assertThat(outbox.list()).extracting(Alert::kind).doesNotContain(AlertKind.REOPENED);

    store().put(finding(Severity.HIGH, FindingStatus.RESOLVED, now.plusSeconds(60)));
    now = T0.plus(Duration.ofHours(30));
    store().put(finding(Severity.HIGH, FindingStatus.OPEN, now));
    assertThat(outbox.list()).extracting(Alert::kind).contains(AlertKind.REOPENED);
  }

  @Test
  void aFindingThatBecomesMoreSevereIsAlertedEvenInsideTheWindow() {
    store().put(finding(Severity.HIGH, FindingStatus.OPEN, T0));
    store().put(finding(Severity.CRITICAL, FindingStatus.OPEN, T0.plusSeconds(60)));

    assertThat(outbox.list()).filteredOn(a -> a.kind() == AlertKind.ESCALATED).hasSize(2)
        .allSatisfy(a -> assertThat(AlertPayloads.headline(a)).startsWith("Now critical: "));
  }
}
