package com.accessauditor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.FindingStatus;
import com.accessauditor.findings.Severity;
import com.accessauditor.memory.InMemoryAlertOutbox;
import com.accessauditor.memory.InMemoryFindingStore;
import com.accessauditor.memory.InMemorySuppressionStore;
import com.accessauditor.support.MovableClock;
import com.accessauditor.support.RecordingChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One alert per root problem: what follows from a root is told with it, through the real write and send path. */
class ConsequenceJoinTest {
  private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
  private final InMemoryAlertOutbox outbox = new InMemoryAlertOutbox();
  private final InMemoryFindingStore findings = new InMemoryFindingStore();
  private final MovableClock clock = new MovableClock(T0);
  private final RecordingChannel ops = new RecordingChannel("ops");

  private final AlertPolicy policy = AlertPolicy.defaults(List.of("ops"));
  private final AlertingFindingStore store = new AlertingFindingStore(findings, outbox, new InMemorySuppressionStore(),
      policy, clock);
  private final AlertDelivery delivery = new AlertDelivery(outbox, List.of(ops), policy, clock);

  private static final Finding RECYCLE = finding("recycle", FindingKind.RECYCLED_IDENTITY,
      "Identity of func-orders was recreated", Optional.empty());
  private static final Finding MISSING = finding("missing", FindingKind.MISSING_ASSIGNMENT,
      "Declared Storage Blob Data Owner for the identity of func-orders is missing", Optional.of("recycle"));
  private static final Finding LACKS = finding("lacks", FindingKind.IDENTITY_SETTINGS_MISMATCH,
      "func-orders's identity lacks Storage Blob Data Owner", Optional.of("recycle"));

  private static Finding finding(String fingerprint, FindingKind kind, String title, Optional<String> root) {
    return finding(fingerprint, kind, title, root, T0);
  }

  private static Finding finding(String fingerprint, FindingKind kind, String title, Optional<String> root,
      Instant seen) {
    return new Finding(fingerprint, kind, Severity.HIGH, FindingStatus.OPEN, "s", "/subscriptions/s", "p",
        "ServicePrincipal", "func-orders", "", title, "detail", "az role assignment create ...", T0, seen,
        Optional.empty(), FindingDraft.Source.SWEEP, List.of(), Optional.empty(), root);
  }

  private List<String> told() {
    return ops.sent().stream().map(a -> a.kind() + " " + a.finding().fingerprint() + " "
        + a.consequences().stream().map(Alert.Consequence::fingerprint).toList()).toList();
  }

  @Test
  void aRootAndItsConsequencesWrittenTogetherAreOneAlertListingThem() {
    store.putAll(List.of(MISSING, RECYCLE, LACKS));

    AlertDelivery.Report report = delivery.deliverDue();

    assertThat(told()).containsExactly("OPENED recycle [missing, lacks]");
    assertThat(report.joined()).isEqualTo(2);
    assertThat(AlertPayloads.webhook(ops.sent().get(0)).path("consequences").findValuesAsText("fingerprint"))
        .containsExactly("missing", "lacks");
    assertThat(delivery.deliverDue().sent()).as("nothing is left to send").isZero();
  }

  @Test
  void consequencesWrittenBeforeTheirRootWaitForItAndAreToldWithIt() {
    store.putAll(List.of(MISSING, LACKS)); // a sweep's workers write before its final step

    AlertDelivery.Report early = delivery.deliverDue();
    clock.set(T0.plus(Duration.ofMinutes(5)));
    store.putAll(List.of(RECYCLE.withStatus(FindingStatus.OPEN)));
    delivery.deliverDue();

    assertThat(early.held()).isEqualTo(2);
    assertThat(told()).containsExactly("OPENED recycle [missing, lacks]");
  }

  @Test
  void consequencesArrivingAfterTheRootWasToldAreOneFollowUpOnItsThreadAndNeverToldAgain() {
    store.putAll(List.of(RECYCLE));
    delivery.deliverDue();
    clock.set(T0.plus(Duration.ofDays(1)));

    store.putAll(List.of(MISSING, LACKS));
    delivery.deliverDue();
    store.putAll(List.of(MISSING, LACKS)); // the next day's sweep sees them again
    delivery.deliverDue();

    assertThat(told()).containsExactly("OPENED recycle []", "FOLLOW_UP recycle [missing, lacks]");
    assertThat(AlertPayloads.headline(ops.sent().get(1))).startsWith("More from: Identity of func-orders");
  }

  @Test
  void aConsequenceWhoseRootNeverComesIsSentAloneOnceTheHoldIsOver() {
    store.putAll(List.of(MISSING));
    delivery.deliverDue();
    clock.set(T0.plus(ConsequenceJoin.HOLD));

    delivery.deliverDue();

    assertThat(told()).containsExactly("OPENED missing []");
  }

  @Test
  void resolvingTheRootSendsOneNoticeAndItsConsequencesResolveQuietly() {
    store.putAll(List.of(RECYCLE, MISSING, LACKS));
    delivery.deliverDue();
    clock.set(T0.plus(Duration.ofHours(2)));

    store.putAll(List.of(RECYCLE.resolved(clock.instant()), MISSING.resolved(clock.instant()), LACKS.resolved(clock.instant())));
    delivery.deliverDue();

    assertThat(told()).containsExactly("OPENED recycle [missing, lacks]", "RESOLVED recycle []");
  }

  @Test
  void aConsequenceThatOutlivesItsRootIsAlertedOnItsOwnThen() {
    store.putAll(List.of(RECYCLE, MISSING));
    delivery.deliverDue();
    clock.set(T0.plus(Duration.ofHours(2)));

    // The old principal's grants were deleted but nothing was re-granted: the declared grant is still missing.
    store.putAll(List.of(RECYCLE.resolved(clock.instant()), finding("missing", FindingKind.MISSING_ASSIGNMENT,
        MISSING.title(), Optional.empty(), clock.instant())));
    delivery.deliverDue();

    assertThat(told()).containsExactly("OPENED recycle [missing]", "RESOLVED recycle []", "OPENED missing []");
  }

  @Test
  void aConsequenceOfARootBelowTheMinimumIsToldAtOnceOnItsOwnAndResolvedSo() {
    // A deleted identity's orphaned grant (LOW: nobody is paged) stands for it; the setting naming it is HIGH.
    Finding orphan = new Finding("orphan", FindingKind.ORPHANED_ASSIGNMENT, Severity.LOW, FindingStatus.OPEN, "s",
        "/subscriptions/s", "p", "ServicePrincipal", "id-orders", "", "Storage Blob Data Owner held by deleted"
        + " id-orders", "detail", "az role assignment delete ...", T0, T0, Optional.empty(),
        FindingDraft.Source.SWEEP, List.of(), Optional.empty(), Optional.empty());
    Finding setting = finding("setting", FindingKind.IDENTITY_SETTINGS_MISMATCH,
        "func-orders: AZURE_CLIENT_ID names an identity that does not exist", Optional.of("orphan"));

    store.putAll(List.of(orphan, setting));
    AlertDelivery.Report report = delivery.deliverDue();
    clock.set(T0.plus(Duration.ofMinutes(5)));
    store.putAll(List.of(orphan.resolved(clock.instant()), setting.resolved(clock.instant())));
    delivery.deliverDue();

    assertThat(report.held()).as("not held for a root alert that will never come").isZero();
    assertThat(told()).containsExactly("OPENED setting []", "RESOLVED setting []");
  }

  @Test
  void aConsequenceOfASuppressedRootIsToldAtOnceOnItsOwn() {
    store.putAll(List.of(RECYCLE.suppressed(com.accessauditor.findings.Suppression.byQuietCaller("deployment pipeline")),
        MISSING));

    delivery.deliverDue();

    assertThat(told()).containsExactly("OPENED missing []");
  }

  @Test
  void aRootWhoseSendFailsKeepsItsConsequencesForTheRetry() {
    List<String> attempts = new ArrayList<>();
    AlertChannel down = new AlertChannel() {
      @Override
      public String name() {
        return "ops";
      }

      @Override
      public void send(Alert alert) throws DeliveryException {
        attempts.add(alert.finding().fingerprint());
        if (attempts.size() == 1) {
          throw new DeliveryException("503 from the webhook");
        }
        ops.send(alert);
      }
    };
    AlertDelivery flaky = new AlertDelivery(outbox, List.of(down), policy, clock);
    store.putAll(List.of(RECYCLE, MISSING));

    flaky.deliverDue();
    clock.set(T0.plus(Duration.ofMinutes(2)));
    flaky.deliverDue();

    assertThat(told()).containsExactly("OPENED recycle [missing]");
    assertThat(attempts).containsExactly("recycle", "recycle");
  }
}
