package com.accessauditor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.azure.StorageAccount;
import com.accessauditor.channels.HttpsChannel;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.FindingStatus;
import com.accessauditor.findings.Severity;
import com.accessauditor.support.Azurite;
import com.accessauditor.support.LocalHttpsServer;
import com.accessauditor.support.LocalHttpsServer.Reply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox in Azurite delivering to a local HTTPS webhook that fails, recovers, and sees each alert once. */
class AlertOutboxIT {
  private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
  private static final String HOOK = "/hooks/ops";
  private LocalHttpsServer receiver;
  private StorageAccount tables;
  private AlertPolicy policy;

  @BeforeEach
  void start() throws Exception {
    receiver = new LocalHttpsServer();
    tables = Azurite.emptyAccount();
    policy = AlertPolicy.defaults(List.of("ops"));
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private AlertDelivery delivery(Instant now) {
    HttpsChannel channel = HttpsChannel.of("ops", receiver.url() + HOOK.substring(1) + "?sig=s3cr3t",
        HttpsChannel.Format.WEBHOOK, receiver.clientTls());
    return new AlertDelivery(tables.alerts(), List.of(channel), policy, Clock.fixed(now, ZoneOffset.UTC));
  }

  private void findingsChange(Instant now, Finding... changes) {
    AlertingFindingStore store = new AlertingFindingStore(tables.findings(), tables.alerts(), tables.suppressions(), policy,
        Clock.fixed(now, ZoneOffset.UTC));
    for (Finding f : changes) {
      store.put(f);
    }
  }

  private static Finding finding(String fingerprint, FindingStatus status, Instant seen) {
    return new Finding(fingerprint, FindingKind.PRIVILEGED_GRANT, Severity.CRITICAL, status, "s", "/subscriptions/s",
        "p", "User", "Jordan Ops", "Owner", "Owner granted to User Jordan Ops", "detail", "az role assignment delete",
        T0, seen, status == FindingStatus.RESOLVED ? Optional.of(seen) : Optional.empty(), FindingDraft.Source.EVENT,
        List.of("e1"));
  }

  @Test
  void aFailingWebhookIsRetriedWithBackoffAndOnceItRecoversSeesEachAlertExactlyOnce() {
    receiver.script("POST", HOOK, Reply.json(500, "{}"), Reply.json(503, "{}"));
    receiver.always("POST", HOOK, Reply.json(200, "{}"));
    findingsChange(T0, finding("f1", FindingStatus.OPEN, T0), finding("f2", FindingStatus.OPEN, T0));

    AlertDelivery.Report first = delivery(T0).deliverDue();
    assertThat(first.sent()).isZero();
    assertThat(first.failingChannels()).as("one failure is enough to know; the other alert waits")
        .containsExactly("ops");
    assertThat(tables.alerts().list()).filteredOn(a -> a.lastError().isPresent()).singleElement()
        .satisfies(a -> assertThat(a.lastError().get()).contains("ops").contains("500").doesNotContain("s3cr3t"));

    assertThat(delivery(T0.plusSeconds(30)).deliverDue().failingChannels()).as("503 for the other one")
        .containsExactly("ops");
    AlertDelivery.Report recovered = delivery(T0.plus(Duration.ofMinutes(10))).deliverDue();
    assertThat(recovered.sent()).isEqualTo(2);
    assertThat(delivery(T0.plus(Duration.ofMinutes(20))).deliverDue().sent()).isZero();

    assertThat(receiver.count("POST", HOOK)).as("2 failures, then each of the 2 alerts once").isEqualTo(4);
    assertThat(tables.alerts().list()).allSatisfy(a -> assertThat(a.status()).isEqualTo(Alert.Status.SENT));
  }

  @Test
  void theTimerReadsOnlyAlertsNotYetDoneAndAPointerLeftByACrashIsClearedWithoutResending() {
    receiver.always("POST", HOOK, Reply.json(200, "{}"));
    findingsChange(T0, finding("f1", FindingStatus.OPEN, T0), finding("f2", FindingStatus.OPEN, T0),
        finding("f3", FindingStatus.OPEN, T0));
    com.azure.data.tables.TableClient due = new com.azure.data.tables.TableServiceClientBuilder()
        .connectionString(Azurite.connectionString()).buildClient().getTableClient("alertsdue");
    assertThat(due.listEntities()).hasSize(3);

    assertThat(delivery(T0).deliverDue().sent()).isEqualTo(3);
    assertThat(due.listEntities()).as("nothing left for the timer to read").isEmpty();

    Alert sent = tables.alerts().list().get(0);
    // As the outbox writes it: the pointer carries when the alert was due.
    due.createEntity(new com.azure.data.tables.models.TableEntity("due", sent.finding().fingerprint() + "."
        + sent.channel() + "." + sent.id()).addProperty("nextAttemptAt", java.time.OffsetDateTime.ofInstant(T0,
        ZoneOffset.UTC)));
    assertThat(delivery(T0.plusSeconds(60)).deliverDue().sent()).isZero();
    assertThat(receiver.count("POST", HOOK)).isEqualTo(3);
    assertThat(due.listEntities()).as("the stale pointer was cleared").isEmpty();
  }

  @Test
  void twoInstancesDeliveringAtTheSameMomentSendEachAlertOnce() throws Exception {
    receiver.always("POST", HOOK, Reply.json(200, "{}").after(Duration.ofMillis(50)));
    Finding[] findings = new Finding[12];
    for (int i = 0; i < findings.length; i++) {
      findings[i] = finding("f" + i, FindingStatus.OPEN, T0);
    }
    findingsChange(T0, findings);
    HttpsChannel channel = HttpsChannel.of("ops", receiver.url() + HOOK.substring(1), HttpsChannel.Format.WEBHOOK,
        receiver.clientTls());
    // Two hosts: each with its own connection to the same tables, as a scaled-out app has.
    List<AlertDelivery> hosts = List.of(
        new AlertDelivery(StorageAccount.withConnectionString(Azurite.connectionString()).alerts(), List.of(channel),
            policy, Clock.fixed(T0, ZoneOffset.UTC)),
        new AlertDelivery(StorageAccount.withConnectionString(Azurite.connectionString()).alerts(), List.of(channel),
            policy, Clock.fixed(T0, ZoneOffset.UTC)));
    java.util.concurrent.ExecutorService both = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<AlertDelivery.Report>> runs = new java.util.ArrayList<>();
      for (AlertDelivery host : hosts) {
        runs.add(both.submit(() -> {
          go.await();
          return host.deliverDue();
        }));
      }
      go.countDown();
      int sent = 0;
      for (java.util.concurrent.Future<AlertDelivery.Report> run : runs) {
        sent += run.get(60, java.util.concurrent.TimeUnit.SECONDS).sent();
      }

      assertThat(sent).isEqualTo(findings.length);
      assertThat(receiver.count("POST", HOOK)).as("each alert reached the webhook once").isEqualTo(findings.length);
      assertThat(tables.alerts().list()).allSatisfy(a -> assertThat(a.status()).isEqualTo(Alert.Status.SENT));
    } finally {
      both.shutdownNow();
    }
  }

  @Test
  void aRepeatedSightingAddsNoAlertAndTheFixSendsAResolvedNotice() {
    receiver.always("POST", HOOK, Reply.json(200, "{}"));
    findingsChange(T0, finding("f1", FindingStatus.OPEN, T0));
    findingsChange(T0.plusSeconds(60), finding("f1", FindingStatus.OPEN, T0.plusSeconds(60)));
    delivery(T0.plusSeconds(60)).deliverDue();
    findingsChange(T0.plusSeconds(120), finding("f1", FindingStatus.RESOLVED, T0.plusSeconds(120)));
    delivery(T0.plusSeconds(120)).deliverDue();

    assertThat(tables.alerts().list()).extracting(Alert::kind).containsExactly(AlertKind.OPENED, AlertKind.RESOLVED);
    assertThat(receiver.count("POST", HOOK)).isEqualTo(2);
  }

  @Test
  void aChannelDownForLongerThanThePolicyAllowsIsReportedAndNotRetriedForever() {
    receiver.always("POST", HOOK, Reply.json(500, "{}"));
    findingsChange(T0, finding("f1", FindingStatus.OPEN, T0));
    delivery(T0).deliverDue();

    AlertDelivery.Report report = delivery(T0.plus(Duration.ofHours(25))).deliverDue();

    assertThat(report.gaveUp()).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo(Alert.Status.GAVE_UP));
    assertThat(delivery(T0.plus(Duration.ofHours(26))).deliverDue().gaveUp()).isEmpty();
    assertThat(receiver.count("POST", HOOK)).isEqualTo(2);
  }

  @Test
  void inDigestModeASweepsAlertsArriveAsOneMessage() throws Exception {
    java.util.List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    receiver.compute("POST", HOOK, body -> {
      bodies.add(body);
      return Reply.json(200, "{}");
    });
    policy = policy.withDigest(true);
    findingsChange(T0, finding("f1", FindingStatus.OPEN, T0), finding("f2", FindingStatus.OPEN, T0),
        finding("f3", FindingStatus.OPEN, T0));

    AlertDelivery.Report report = delivery(T0).deliverDue();

    assertThat(report.sent()).isEqualTo(3);
    assertThat(bodies).singleElement().satisfies(b -> {
      com.fasterxml.jackson.databind.JsonNode digest = new com.fasterxml.jackson.databind.ObjectMapper().readTree(b);
      assertThat(digest.get("type").asText()).isEqualTo("access-auditor.digest");
      assertThat(digest.get("alerts")).hasSize(3);
    });
    assertThat(tables.alerts().list()).allSatisfy(a -> assertThat(a.status()).isEqualTo(Alert.Status.SENT));
  }

  @Test
  void aSuppressionRuleIsNamedInTheTableAndClearedWhenItExpires() {
    tables.suppressions().put(new SuppressionRule("r-maint", Optional.of(FindingKind.PRIVILEGED_GRANT),
        Optional.empty(), Optional.empty(), Optional.empty(), T0.plus(Duration.ofHours(1)), "maintenance window",
        "ops@contoso.com", T0));

    findingsChange(T0, finding("fp-s", FindingStatus.OPEN, T0));
    assertThat(tables.findings().find("s", "fp-s")).hasValueSatisfying(f -> {
      assertThat(f.status()).isEqualTo(FindingStatus.SUPPRESSED);
      assertThat(f.suppression()).hasValueSatisfying(s -> assertThat(s.because()).startsWith("rule r-maint: "
          + "maintenance window (until "));
    });

    Instant later = T0.plus(Duration.ofHours(2));
    findingsChange(later, finding("fp-s", FindingStatus.SUPPRESSED, later));
    assertThat(tables.findings().find("s", "fp-s")).hasValueSatisfying(f -> {
      assertThat(f.status()).isEqualTo(FindingStatus.OPEN);
      assertThat(f.suppression()).isEmpty();
    });
    assertThat(tables.alerts().list()).extracting(Alert::kind).containsExactly(AlertKind.REOPENED);
  }

  @Test
  void aPlainHttpUrlIsRefusedWithoutBeingEchoed() {
    try {
      HttpsChannel.of("ops", "http://hooks.example.com/x?token=s3cr3t", HttpsChannel.Format.WEBHOOK);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).contains("must use https").doesNotContain("s3cr3t");
      return;
    }
    throw new AssertionError("http was accepted");
  }
}
