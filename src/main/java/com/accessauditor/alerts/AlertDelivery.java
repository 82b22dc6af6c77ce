package com.accessauditor.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Sends what the outbox holds: each due alert to its channel, marked sent once the channel confirms it,
 * retried with exponential backoff when it does not, and given up (and reported) once the channel has
 * failed for longer than the policy allows.
 */
public final class AlertDelivery {
  private final AlertOutbox outbox;
  private final Map<String, AlertChannel> channels;
  private final AlertPolicy policy;
  private final Clock clock;

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
  public record Report(int sent, int retrying, List<Alert> gaveUp, Set<String> failingChannels) {}

  /**
   * Sends what is due: each alert on its own, or in digest mode everything due for a channel as one message.
   * A batch is marked sent, or retried, as a whole.
   */
  public Report deliverDue() {
    Instant now = clock.instant();
    List<Alert> due = outbox.due(now);
    List<List<Alert>> batches = policy.digest()
        ? List.copyOf(due.stream().collect(Collectors.groupingBy(Alert::channel, java.util.LinkedHashMap::new,
            Collectors.toList())).values())
        : due.stream().map(List::of).toList();
    int sent = 0;
    int retrying = 0;
    List<Alert> gaveUp = new ArrayList<>();
    Set<String> failing = new LinkedHashSet<>();
    for (List<Alert> batch : batches) {
      AlertChannel channel = channels.get(batch.get(0).channel());
      if (channel == null) {
        for (Alert a : batch) {
          Alert dropped = a.failed("channel '" + a.channel() + "' is no longer configured", now, true);
          outbox.update(dropped);
          gaveUp.add(dropped);
        }
        continue;
      }
      if (failing.contains(channel.name())) {
        // One failure per channel and run is enough to know it is down; the rest wait for the next run.
        continue;
      }
      try {
        if (policy.digest()) {
          channel.sendDigest(batch);
        } else {
          channel.send(batch.get(0));
        }
        for (Alert a : batch) {
          outbox.update(a.sent());
          sent++;
        }
      } catch (AlertChannel.DeliveryException e) {
        failing.add(channel.name());
        for (Alert a : batch) {
          boolean giveUp = !a.createdAt().plus(policy.giveUpAfter()).isAfter(now);
          Alert failed = a.failed(e.getMessage(), now.plus(backoff(a.attempts())), giveUp);
          outbox.update(failed);
          if (giveUp) {
            gaveUp.add(failed);
          } else {
            retrying++;
          }
        }
      }
    }
    return new Report(sent, retrying, gaveUp, failing);
  }

  Duration backoff(int attempts) {
    Duration d = policy.firstRetry().multipliedBy(1L << Math.min(attempts, 20));
    return d.compareTo(policy.maxRetry()) > 0 ? policy.maxRetry() : d;
  }
}
