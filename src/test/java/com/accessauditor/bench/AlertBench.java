package com.accessauditor.bench;

import com.accessauditor.alerts.Alert;
import com.accessauditor.alerts.AlertDelivery;
import com.accessauditor.alerts.AlertPolicy;
import com.accessauditor.alerts.AlertingFindingStore;
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
import com.accessauditor.support.RecordingChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The alert outbox in Azurite: delivery throughput to a local HTTPS webhook, and what an hour-long webhook
 * outage does (the deliverAlerts timer simulated minute by minute).
 *
 * <p>Run: {@code mvn -q -DallowTelemetry=false test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.accessauditor.bench.AlertBench -Dexec.args="1000"}
 */
public final class AlertBench {
  private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    try (LocalHttpsServer receiver = new LocalHttpsServer()) {
      StorageAccount tables = Azurite.emptyAccount();
      AlertPolicy policy = AlertPolicy.defaults(List.of("ops"));
      HttpsChannel channel = HttpsChannel.of("ops", receiver.url() + "hook", HttpsChannel.Format.WEBHOOK,
          receiver.clientTls());

      // The outbox alone: a channel that confirms at once, so the figure is Table Storage's share.
      List<Finding> quick = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        quick.add(finding("q" + i));
      }
      AlertPolicy instantPolicy = AlertPolicy.defaults(List.of("instant"));
      new AlertingFindingStore(tables.findings(), tables.alerts(), tables.suppressions(), instantPolicy, Clock.fixed(T0, ZoneOffset.UTC))
          .putAll(quick);
      RecordingChannel instant = new RecordingChannel("instant");
      long quickStart = System.nanoTime();
      int quickSent = new AlertDelivery(tables.alerts(), List.of(instant), instantPolicy,
          Clock.fixed(T0, ZoneOffset.UTC)).deliverDue().sent();
      long quickMs = (System.nanoTime() - quickStart) / 1_000_000;
      System.out.printf("outbox alone: %d alerts marked sent in %,d ms = %.0f alerts/s%n", quickSent, quickMs,
          quickSent * 1000.0 / Math.max(1, quickMs));

      AlertingFindingStore store = new AlertingFindingStore(tables.findings(), tables.alerts(), tables.suppressions(), policy,
          Clock.fixed(T0, ZoneOffset.UTC));
      long enqueueStart = System.nanoTime();
      List<Finding> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        batch.add(finding("f" + i));
      }
      store.putAll(batch);
      long enqueueMs = (System.nanoTime() - enqueueStart) / 1_000_000;

      receiver.always("POST", "/hook", Reply.json(200, "{}"));
      long start = System.nanoTime();
      AlertDelivery.Report report = new AlertDelivery(tables.alerts(), List.of(channel), policy,
          Clock.fixed(T0, ZoneOffset.UTC)).deliverDue();
      long ms = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("%d alerts: enqueued (with their findings) in %,d ms; delivered %d in %,d ms = %.0f alerts/s"
          + " (one channel, sequential, Azurite outbox, local HTTPS webhook)%n", n, enqueueMs, report.sent(), ms,
          report.sent() * 1000.0 / Math.max(1, ms));

      // Root problems: a recycle and its four consequences (the demo's shape), all due in one delivery run, then
      // as many roots told first and their consequences a day later (one follow-up on each root's thread).
      int roots = Math.max(1, n / 5);
      List<Finding> joined = new ArrayList<>();
      for (int i = 0; i < roots; i++) {
        joined.add(finding("r" + i));
        joined.addAll(consequencesOf("r" + i));
      }
      Instant rootsAt = T0.plus(Duration.ofMinutes(10));
      new AlertingFindingStore(tables.findings(), tables.alerts(), tables.suppressions(), policy,
          Clock.fixed(rootsAt, ZoneOffset.UTC)).putAll(joined);
      int joinedBefore = receiver.requests().size();
      long joinStart = System.nanoTime();
      AlertDelivery.Report together = new AlertDelivery(tables.alerts(), List.of(channel), policy,
          Clock.fixed(rootsAt, ZoneOffset.UTC)).deliverDue();
      long joinMs = (System.nanoTime() - joinStart) / 1_000_000;
      System.out.printf("%d findings (%d roots with 4 consequences each) due together: %d messages (%d requests),"
          + " %d joined, in %,d ms = %.0f findings told/s (limit: the plain delivery above, %.0f alerts/s)%n",
          joined.size(), roots, together.sent(), receiver.requests().size() - joinedBefore, together.joined(), joinMs,
          joined.size() * 1000.0 / Math.max(1, joinMs), report.sent() * 1000.0 / Math.max(1, ms));

      List<Finding> firstRoots = new ArrayList<>();
      List<Finding> later = new ArrayList<>();
      for (int i = 0; i < roots; i++) {
        firstRoots.add(finding("t" + i));
        later.addAll(consequencesOf("t" + i));
      }
      Instant told = T0.plus(Duration.ofMinutes(20));
      new AlertingFindingStore(tables.findings(), tables.alerts(), tables.suppressions(), policy,
          Clock.fixed(told, ZoneOffset.UTC)).putAll(firstRoots);
      new AlertDelivery(tables.alerts(), List.of(channel), policy, Clock.fixed(told, ZoneOffset.UTC)).deliverDue();
      Instant nextDay = told.plus(Duration.ofDays(1));
      new AlertingFindingStore(tables.findings(), tables.alerts(), tables.suppressions(), policy,
          Clock.fixed(nextDay, ZoneOffset.UTC)).putAll(later);
      long followStart = System.nanoTime();
      AlertDelivery.Report followUps = new AlertDelivery(tables.alerts(), List.of(channel), policy,
          Clock.fixed(nextDay, ZoneOffset.UTC)).deliverDue();
      long followMs = (System.nanoTime() - followStart) / 1_000_000;
      System.out.printf("%d consequences of %d roots told the day before: %d follow-ups, %d joined, in %,d ms ="
          + " %.0f findings told/s%n", later.size(), roots, followUps.sent(), followUps.joined(), followMs,
          later.size() * 1000.0 / Math.max(1, followMs));

      // An hour-long outage: 50 new alerts, the timer every minute, the webhook answering 503 for 60 minutes.
      int m = 50;
      Instant outage = T0.plus(Duration.ofHours(1));
      List<Finding> more = new ArrayList<>();
      for (int i = 0; i < m; i++) {
        more.add(finding("g" + i));
      }
      new AlertingFindingStore(tables.findings(), tables.alerts(), tables.suppressions(), policy, Clock.fixed(outage, ZoneOffset.UTC))
          .putAll(more);
      receiver.always("POST", "/hook", Reply.json(503, "{}"));
      int before = receiver.requests().size();
      int minute = 0;
      for (; minute < 60; minute++) {
        new AlertDelivery(tables.alerts(), List.of(channel), policy,
            Clock.fixed(outage.plus(Duration.ofMinutes(minute)), ZoneOffset.UTC)).deliverDue();
      }
      int duringOutage = receiver.requests().size() - before;
      receiver.always("POST", "/hook", Reply.json(200, "{}"));
      int delivered = 0;
      int lastMinute = minute;
      for (; delivered < m && minute < 180; minute++) {
        int sent = new AlertDelivery(tables.alerts(), List.of(channel), policy,
            Clock.fixed(outage.plus(Duration.ofMinutes(minute)), ZoneOffset.UTC)).deliverDue().sent();
        delivered += sent;
        if (sent > 0) {
          lastMinute = minute;
        }
      }
      long lost = tables.alerts().list().stream()
          .filter(a -> a.status() != Alert.Status.SENT && a.status() != Alert.Status.JOINED).count();
      System.out.printf("webhook down 60 min: %d requests to it during the outage (one per timer run), then all %d"
          + " alerts delivered by minute %d (%d min after it came back), %d lost%n", duringOutage, delivered,
          lastMinute, lastMinute - 60, lost);
    }
    System.exit(0);
  }

  /** Four findings that follow from the root (the demo recycle's two missing grants and two lacking roles). */
  private static List<Finding> consequencesOf(String root) {
    List<Finding> out = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      out.add(finding(root + "c" + c).causedBy(Optional.of(root)));
    }
    return out;
  }

  private static Finding finding(String fingerprint) {
    return new Finding(fingerprint, FindingKind.PRIVILEGED_GRANT, Severity.CRITICAL, FindingStatus.OPEN, "s",
        "/subscriptions/s", "p", "User", "Jordan Ops", "Owner", "Owner granted to User Jordan Ops", "detail",
        "az role assignment delete --ids x", T0, T0, Optional.empty(), FindingDraft.Source.EVENT, List.of());
  }
}
