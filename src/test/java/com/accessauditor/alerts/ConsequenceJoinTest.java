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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One alert per root problem: what follows from a root is told with it, through the real write and send path. */
class ConsequenceJoinTest {
  private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
  private final InMemoryAlertOutbox outbox = new InMemoryAlertOutbox();
  private final InMemoryFindingStore findings = new InMemoryFindingStore();
  private final List<Alert> sent = new ArrayList<>();
  private Instant now = T0;

  private final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };

  private final AlertChannel ops = new AlertChannel() {
    @Override
    public String name() {
      return "ops";
    }

    @Override
    public void send(Alert alert) {
      sent.add(alert);
    }
  };

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
    return sent.stream().map(a -> a.kind() + " " + a.finding().fingerprint() + " "
        + a.consequences().stream().map(Alert.Consequence::fingerprint).toList()).toList();
  }

  @Test
  void aRootAndItsConsequencesWrittenTogetherAreOneAlertListingThem() {
    store.putAll(List.of(MISSING, RECYCLE, LACKS));

    AlertDelivery.Report report = delivery.deliverDue();

    assertThat(told()).containsExactly("OPENED recycle [missing, lacks]");
    assertThat(report.joined()).isEqualTo(2);
    assertThat(AlertPayloads.webhook(sent.get(0)).path("consequences").findValuesAsText("fingerprint"))
        .containsExactly("missing", "lacks");
    assertThat(delivery.deliverDue().sent()).as("nothing is left to send").isZero();
  }

  @Test
  void consequencesWrittenBeforeTheirRootWaitForItAndAreToldWithIt() {
    store.putAll(List.of(MISSING, LACKS)); // a sweep's workers write before its final step

    AlertDelivery.Report early = delivery.deliverDue();
    now = T0.plus(Duration.ofMinutes(5));
    store.putAll(List.of(RECYCLE.withStatus(FindingStatus.OPEN)));
    delivery.deliverDue();

    assertThat(early.held()).isEqualTo(2);
    assertThat(told()).containsExactly("OPENED recycle [missing, lacks]");
  }

  @Test
  void consequencesArrivingAfterTheRootWasToldAreOneFollowUpOnItsThreadAndNeverToldAgain() {
    store.putAll(List.of(RECYCLE));
    delivery.deliverDue();
    now = T0.plus(Duration.ofDays(1));

    store.putAll(List.of(MISSING, LACKS));
    delivery.deliverDue();
    store.putAll(List.of(MISSING, LACKS)); // the next day's sweep sees them again
    delivery.deliverDue();

    assertThat(told()).containsExactly("OPENED recycle []", "FOLLOW_UP recycle [missing, lacks]");
    assertThat(AlertPayloads.headline(sent.get(1))).startsWith("More from: Identity of func-orders");
  }

  @Test
  void aConsequenceWhoseRootNeverComesIsSentAloneOnceTheHoldIsOver() {
    store.putAll(List.of(MISSING));
    delivery.deliverDue();
    now = T0.plus(ConsequenceJoin.HOLD);

    delivery.deliverDue();

    assertThat(told()).containsExactly("OPENED missing []");
  }

  @Test
  void resolvingTheRootSendsOneNoticeAndItsConsequencesResolveQuietly() {
    store.putAll(List.of(RECYCLE, MISSING, LACKS));
    delivery.deliverDue();
    now = T0.plus(Duration.ofHours(2));

    store.putAll(List.of(RECYCLE.resolved(now), MISSING.resolved(now), LACKS.resolved(now)));
    delivery.deliverDue();

    assertThat(told()).containsExactly("OPENED recycle [missing, lacks]", "RESOLVED recycle []");
  }

  @Test
  void aConsequenceThatOutlivesItsRootIsAlertedOnItsOwnThen() {
    store.putAll(List.of(RECYCLE, MISSING));
    delivery.deliverDue();
    now = T0.plus(Duration.ofHours(2));

    // The old principal's grants were deleted but nothing was re-granted: the declared grant is still missing.
    store.putAll(List.of(RECYCLE.resolved(now), finding("missing", FindingKind.MISSING_ASSIGNMENT,
        MISSING.title(), Optional.empty(), now)));
    delivery.deliverDue();

    assertThat(told()).containsExactly("OPENED recycle [missing]", "RESOLVED recycle []", "OPENED missing []");
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
        sent.add(alert);
      }
    };
    AlertDelivery flaky = new AlertDelivery(outbox, List.of(down), policy, clock);
    store.putAll(List.of(RECYCLE, MISSING));

    flaky.deliverDue();
    now = T0.plus(Duration.ofMinutes(2));
    flaky.deliverDue();

    assertThat(told()).containsExactly("OPENED recycle [missing]");
    assertThat(attempts).containsExactly("recycle", "recycle");
  }
}
