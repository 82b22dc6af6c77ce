package com.accessauditor.sweep;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One sweep run as the `sweepruns` table keeps it: when it was planned, the scopes asked for, and what each
 * subscription came to. A run is complete when every planned subscription was read whole.
 *
 * @param subscriptions subscription id to its state, for every planned subscription
 */
public record SweepRun(String runId, Instant plannedAt, List<String> scopes, Map<String, Subscription> subscriptions) {
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  public SweepRun {
    scopes = List.copyOf(scopes);
    subscriptions = java.util.Collections.unmodifiableMap(new TreeMap<>(subscriptions));
  }

  /** What became of one subscription of the run. */
  public enum State {
    /** Queued or being read. */
    PLANNED,
    /** Read whole: its findings were raised and resolved. */
    DONE,
    /** Read with gaps, named in {@code why}: what depends on them was neither raised nor resolved. */
    INCOMPLETE,
    /** Not read: nothing of it was raised or resolved. */
    FAILED
  }

  /** @param why empty unless INCOMPLETE or FAILED */
  public record Subscription(String subscriptionId, State state, Instant at, String why) {}

  /** A fresh id: the planned time, sortable, and eight random hex digits so two runs in a second differ. */
  public static String newId(Instant plannedAt) {
    return ID_TIME.format(plannedAt) + "-" + String.format("%08x", RANDOM.nextInt());
  }

  public boolean complete() {
    return subscriptions.values().stream().allMatch(s -> s.state() == State.DONE);
  }

  public Optional<Subscription> subscription(String subscriptionId) {
    return Optional.ofNullable(subscriptions.get(subscriptionId.toLowerCase(java.util.Locale.ROOT)));
  }
}
