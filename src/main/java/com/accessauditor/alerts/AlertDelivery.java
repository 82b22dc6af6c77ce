package com.accessauditor.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Sends what the outbox holds: each due alert to its channel, marked sent once the channel confirms it,
 * retried with exponential backoff when it does not, and given up (and reported) once the channel has
 * failed for longer than the policy allows.
 */
public final class AlertDelivery {
  /** Enough for every channel kind at once (webhook, Teams, Slack, Event Grid). */
  static final int MAX_PARALLEL_CHANNELS = 4;
  /** How long a claimed alert is this run's to send; a run that dies leaves it due again after this. */
  static final Duration CLAIM = Duration.ofMinutes(5);

  private final AlertOutbox outbox;
  private final Map<String, AlertChannel> channels;
  private final AlertPolicy policy;
  private final Clock clock;
  /**
   * Sent, but the outbox could not be told (Table Storage failed right after the channel confirmed): kept
   * here so this instance does not send them again, and recorded as sent at the next run. Keyed by channel
   * and id: one change raises the same alert id on every channel.
   */
  private final Map<String, Alert> sentUnrecorded = new java.util.concurrent.ConcurrentHashMap<>();

  public AlertDelivery(AlertOutbox outbox, List<AlertChannel> channels, AlertPolicy policy, Clock clock) {
    this.outbox = outbox;
    this.channels = channels.stream().collect(Collectors.toMap(AlertChannel::name, Function.identity()));
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * @param failingChannels channels that refused or could not be reached in this run
   * @param gaveUp alerts no longer retried
   */
  public record Report(int sent, int retrying, List<Alert> gaveUp, Set<String> failingChannels, int joined,
      int held) {
    Report(int sent, int retrying, List<Alert> gaveUp, Set<String> failingChannels) {
      this(sent, retrying, gaveUp, failingChannels, 0, 0);
    }
  }

  /**
   * Sends what is due: each alert on its own, or in digest mode everything due for a channel as one message.
   * A batch is marked sent, or retried, as a whole. Channels are served side by side, so a slow or
   * unreachable Teams webhook does not hold back the Slack or Event Grid alerts; within a channel alerts go
   * in the order they were raised.
   */
  public synchronized Report deliverDue() {
    Instant now = clock.instant();
    for (Alert held : List.copyOf(sentUnrecorded.values())) {
      outbox.update(held);
      sentUnrecorded.remove(key(held));
    }
    ConsequenceJoin.Plan plan = ConsequenceJoin.plan(outbox.due(now).stream()
        .filter(a -> !sentUnrecorded.containsKey(key(a))).toList(), outbox::forFinding, now);
    plan.joined().getOrDefault("", List.of()).forEach(c -> outbox.update(c.joined()));
    // A follow-up is made here: written before it is sent, then claimed like any other. One another run
    // wrote first is that run's to send: this one never read it, so its claim fails.
    plan.send().stream().filter(a -> a.kind() == AlertKind.FOLLOW_UP && a.attempts() == 0
        && a.createdAt().equals(now)).forEach(outbox::add);
    joinedWith = plan.joined();
    Map<String, List<Alert>> byChannel = plan.send().stream()
        .collect(Collectors.groupingBy(Alert::channel, LinkedHashMap::new, Collectors.toList()));
    List<Callable<Report>> work = byChannel.entrySet().stream()
        .<Callable<Report>>map(e -> () -> deliver(e.getKey(), e.getValue(), now)).toList();
    List<Report> reports = new ArrayList<>();
    if (work.size() <= 1) {
      for (Callable<Report> w : work) {
        reports.add(call(w));
      }
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(Math.min(work.size(), MAX_PARALLEL_CHANNELS), r -> {
        Thread t = new Thread(r, "alert-delivery");
        t.setDaemon(true);
        return t;
      });
      try {
        for (Future<Report> f : pool.invokeAll(work)) {
          reports.add(result(f));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("alert delivery interrupted; unsent alerts stay in the outbox", e);
      } finally {
        pool.shutdownNow();
      }
    }
    List<Alert> gaveUp = new ArrayList<>();
    Set<String> failing = new LinkedHashSet<>();
    reports.forEach(r -> {
      gaveUp.addAll(r.gaveUp());
      failing.addAll(r.failingChannels());
    });
    int joined = plan.joined().entrySet().stream().filter(e -> !e.getKey().isEmpty())
        .mapToInt(e -> e.getValue().size()).sum();
    return new Report(reports.stream().mapToInt(Report::sent).sum(),
        reports.stream().mapToInt(Report::retrying).sum(), gaveUp, failing, joined, plan.held().size());
  }

  /** Consequences told in an alert of this run: done once that alert's outcome is recorded. */
  private Map<String, List<Alert>> joinedWith = Map.of();

  private void recordJoined(Alert told) {
    joinedWith.getOrDefault(key(told), List.of()).forEach(c -> outbox.update(c.joined()));
  }

  /** One channel's due alerts, in order; the first failure ends the channel's run (the rest wait). */
  private Report deliver(String name, List<Alert> due, Instant now) {
    AlertChannel channel = channels.get(name);
    List<Alert> gaveUp = new ArrayList<>();
    if (channel == null) {
      for (Alert a : due) {
        Alert dropped = a.failed("channel '" + name + "' is no longer configured", now, true);
        outbox.update(dropped);
        gaveUp.add(dropped);
      }
      return new Report(0, 0, gaveUp, Set.of());
    }
    List<List<Alert>> batches = policy.digest() ? List.of(due) : due.stream().map(List::of).toList();
    int sent = 0;
    int retrying = 0;
    for (List<Alert> candidates : batches) {
      // Claimed just before sending, so a delivery running at the same time on another instance (the timer
      // there, a sweep here) cannot send the same alert: whoever changes the row first has it.
      List<Alert> batch = candidates.stream()
          .filter(a -> outbox.claim(a, now.plus(CLAIM))).toList();
      if (batch.isEmpty()) {
        continue;
      }
      try {
        if (policy.digest()) {
          channel.sendDigest(batch);
        } else {
          channel.send(batch.get(0));
        }
        batch.forEach(a -> sentUnrecorded.put(key(a), a.sent()));
        for (Alert a : batch) {
          outbox.update(a.sent());
          sentUnrecorded.remove(key(a));
          recordJoined(a);
          sent++;
        }
      } catch (AlertChannel.DeliveryException e) {
        // One failure per channel and run is enough to know it is down; the rest wait for the next run.
        for (Alert a : batch) {
          boolean giveUp = !a.createdAt().plus(policy.giveUpAfter()).isAfter(now);
          Alert failed = a.failed(e.getMessage(), now.plus(backoff(a.attempts())), giveUp);
          outbox.update(failed);
          recordJoined(a); // its row carries them now, and its retries tell them
          if (giveUp) {
            gaveUp.add(failed);
          } else {
            retrying++;
          }
        }
        return new Report(sent, retrying, gaveUp, Set.of(name));
      }
    }
    return new Report(sent, retrying, gaveUp, Set.of());
  }

  private static String key(Alert a) {
    return a.channel() + "/" + a.id();
  }

  private static Report call(Callable<Report> work) {
    try {
      return work.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Report result(Future<Report> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      // A store failure on one channel's thread: rethrown as it is, so the caller sees what failed.
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  Duration backoff(int attempts) {
    Duration d = policy.firstRetry().multipliedBy(1L << Math.min(attempts, 20));
    return d.compareTo(policy.maxRetry()) > 0 ? policy.maxRetry() : d;
  }
}
