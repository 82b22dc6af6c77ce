package com.accessauditor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.FindingStatus;
import com.accessauditor.findings.Severity;
import com.accessauditor.memory.InMemoryAlertOutbox;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AlertDeliveryTest {
  private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
  private final InMemoryAlertOutbox outbox = new InMemoryAlertOutbox();
  private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());

  private static Alert alert(String id, String channel, int minute) {
    Finding f = new Finding("fp-" + id, FindingKind.PRIVILEGED_GRANT, Severity.CRITICAL, FindingStatus.OPEN, "s",
        "/subscriptions/s", "p", "User", "Jordan Ops", "Owner", "Owner granted", "detail", "az ...", T0, T0,
        Optional.empty(), FindingDraft.Source.EVENT, List.of());
    Instant at = T0.plusSeconds(60L * minute);
    return new Alert(id, channel, AlertKind.OPENED, f, at, Alert.Status.PENDING, 0, at, Optional.empty());
  }

  private AlertChannel recording(String name) {
    return new AlertChannel() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void send(Alert alert) {
        delivered.add(name + " " + alert.id());
      }
    };
  }

  @Test
  void aChannelThatHangsDoesNotHoldBackTheOthers() {
    CountDownLatch slackDone = new CountDownLatch(1);
    AlertChannel teams = new AlertChannel() {
      @Override
      public String name() {
        return "teams";
      }

      /** Answers only once Slack has had its turn: served one after the other, it would time out. */
      @Override
      public void send(Alert alert) throws DeliveryException {
        try {
          if (!slackDone.await(20, TimeUnit.SECONDS)) {
            throw new DeliveryException("teams: timed out");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new DeliveryException("teams: interrupted");
        }
        delivered.add("teams " + alert.id());
      }
    };
    AlertChannel slack = new AlertChannel() {
      @Override
      public String name() {
        return "slack";
      }

      @Override
      public void send(Alert alert) {
        delivered.add("slack " + alert.id());
        slackDone.countDown();
      }
    };
    outbox.add(alert("a1", "teams", 0));
    outbox.add(alert("a1", "slack", 1));

    AlertDelivery.Report report = new AlertDelivery(outbox, List.of(teams, slack),
        AlertPolicy.defaults(List.of("teams", "slack")), Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC)).deliverDue();

    assertThat(report.sent()).isEqualTo(2);
    assertThat(report.failingChannels()).isEmpty();
    assertThat(delivered).containsExactly("slack a1", "teams a1");
  }

  @Test
  void withinAChannelAlertsGoInTheOrderTheyWereRaised() {
    outbox.add(alert("a3", "ops", 3));
    outbox.add(alert("a1", "ops", 1));
    outbox.add(alert("a2", "ops", 2));
    outbox.add(alert("b1", "security", 1));

    new AlertDelivery(outbox, List.of(recording("ops"), recording("security")),
        AlertPolicy.defaults(List.of("ops", "security")), Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC))
        .deliverDue();

    assertThat(delivered).filteredOn(d -> d.startsWith("ops")).containsExactly("ops a1", "ops a2", "ops a3");
    assertThat(delivered).contains("security b1");
    assertThat(outbox.list()).allSatisfy(a -> assertThat(a.status()).isEqualTo(Alert.Status.SENT));
  }

  @Test
  void alertsForAChannelNoLongerConfiguredAreGivenUpAndReported() {
    outbox.add(alert("a1", "pager", 0));

    AlertDelivery.Report report = new AlertDelivery(outbox, List.of(recording("ops")),
        AlertPolicy.defaults(List.of("ops")), Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC)).deliverDue();

    assertThat(report.gaveUp()).singleElement().satisfies(a -> {
      assertThat(a.status()).isEqualTo(Alert.Status.GAVE_UP);
      assertThat(a.lastError()).hasValueSatisfying(e -> assertThat(e).contains("'pager' is no longer configured"));
    });
  }

  @Test
  void anAlertSentButNotRecordedOnOneChannelIsNotResentWhenTheSameAlertIsRecordedOnAnother() throws Exception {
    CountDownLatch teamsRecordFailed = new CountDownLatch(1);
    AlertOutbox teamsRecordFailsOnce = new AlertOutbox() {
      private boolean failed;

      @Override
      public boolean add(Alert alert) {
        return outbox.add(alert);
      }

      @Override
      public synchronized void update(Alert alert) {
        if (alert.channel().equals("teams") && alert.status() == Alert.Status.SENT && !failed) {
          failed = true;
          teamsRecordFailed.countDown();
          throw new com.accessauditor.model.StoreUnavailableException("table storage down", null);
        }
        outbox.update(alert);
      }

      @Override
      public List<Alert> due(Instant now) {
        return outbox.due(now);
      }

      @Override
      public boolean claim(Alert alert, Instant until) {
        return outbox.claim(alert, until);
      }

      @Override
      public List<Alert> forFinding(String fingerprint) {
        return outbox.forFinding(fingerprint);
      }

      @Override
      public List<Alert> list() {
        return outbox.list();
      }
    };
    AlertChannel slack = new AlertChannel() {
      @Override
      public String name() {
        return "slack";
      }

      @Override
      public void send(Alert alert) throws DeliveryException {
        try {
          // The same alert id is recorded on Slack only after Teams failed to record its own.
          teamsRecordFailed.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new DeliveryException("slack: interrupted");
        }
        delivered.add("slack " + alert.id());
      }
    };
    outbox.add(alert("a1", "teams", 0));
    outbox.add(alert("a1", "slack", 0));
    AlertDelivery delivery = new AlertDelivery(teamsRecordFailsOnce, List.of(recording("teams"), slack),
        AlertPolicy.defaults(List.of("teams", "slack")), Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC));

    try {
      delivery.deliverDue();
    } catch (com.accessauditor.model.StoreUnavailableException expected) {
      // the Teams alert went out; recording it failed
    }
    delivery.deliverDue();
    delivery.deliverDue();

    assertThat(delivered).containsExactlyInAnyOrder("teams a1", "slack a1");
    assertThat(outbox.list()).allSatisfy(a -> assertThat(a.status()).isEqualTo(Alert.Status.SENT));
  }
}
