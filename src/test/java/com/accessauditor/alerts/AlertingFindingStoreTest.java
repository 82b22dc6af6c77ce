package com.accessauditor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.FindingStatus;
import com.accessauditor.findings.Severity;
import com.accessauditor.findings.Suppression;
import com.accessauditor.memory.InMemoryAlertOutbox;
import com.accessauditor.memory.InMemoryFindingStore;
import com.accessauditor.memory.InMemorySuppressionStore;
import com.accessauditor.model.PrincipalId;
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
  private final InMemorySuppressionStore suppressions = new InMemorySuppressionStore();
  private Instant now = T0;

  private AlertingFindingStore store() {
    return new AlertingFindingStore(findings, outbox, suppressions, AlertPolicy.defaults(List.of("ops", "security")),
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

  @Test
  void aFindingMatchedByASuppressionRuleIsRecordedSuppressedAndReopensWhenTheRuleExpires() {
    suppressions.put(new SuppressionRule("r1", Optional.of(FindingKind.RECYCLED_IDENTITY), Optional.empty(),
        Optional.empty(), Optional.empty(), T0.plus(Duration.ofDays(7)), "planned migration of func-orders",
        "ops@contoso.com", T0));

    store().put(finding(Severity.HIGH, FindingStatus.OPEN, T0));
    assertThat(findings.list()).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(FindingStatus.SUPPRESSED);
      assertThat(f.suppression()).hasValueSatisfying(s -> {
        assertThat(s.origin()).isEqualTo(Suppression.Origin.RULE);
        assertThat(s.because()).contains("rule r1").contains("planned migration of func-orders");
      });
    });
    assertThat(outbox.list()).isEmpty();

    now = T0.plus(Duration.ofDays(8));
    store().put(finding(Severity.HIGH, FindingStatus.SUPPRESSED, now));
    assertThat(findings.list()).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(FindingStatus.OPEN);
      assertThat(f.suppression()).isEmpty();
    });
    assertThat(outbox.list()).extracting(Alert::kind).containsOnly(AlertKind.REOPENED);
  }

  @Test
  void aFindingAQuietCallerOpenedStaysSuppressedWithoutAnyRuleAndResolvesWithoutANotice() {
    Finding quiet = finding(Severity.HIGH, FindingStatus.OPEN, T0)
        .suppressed(Suppression.byQuietCaller("changed by app 3f9c1b2a: PIM activation"));
    store().put(quiet);
    store().putAll(List.of(finding(Severity.HIGH, FindingStatus.OPEN, T0.plusSeconds(3600))
        .suppressed(quiet.suppression().orElseThrow())));

    assertThat(findings.list()).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(FindingStatus.SUPPRESSED);
      assertThat(f.suppression()).contains(quiet.suppression().orElseThrow());
    });
    store().put(findings.list().get(0).resolved(T0.plusSeconds(7200)));
    assertThat(outbox.list()).isEmpty();
  }

  @Test
  void aRuleForOnePrincipalLeavesOthersAlerting() {
    suppressions.put(new SuppressionRule("r2", Optional.empty(), Optional.of(PrincipalId.parse(
        "0a1b2c3d-0000-4000-8000-000000000099")), Optional.empty(), Optional.empty(), T0.plus(Duration.ofDays(1)),
        "break-glass account", "ops@contoso.com", T0));

    store().put(finding(Severity.HIGH, FindingStatus.OPEN, T0));

    assertThat(outbox.list()).hasSize(2);
  }
}
