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
 * @param problems what could not be planned (subscriptions below a management group that could not be listed)
 */
public record SweepRun(String runId, Instant plannedAt, List<String> scopes, Map<String, Subscription> subscriptions,
    Optional<Finish> finish, List<String> problems) {
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}");

  public SweepRun {
    scopes = List.copyOf(scopes);
    problems = List.copyOf(problems);
    subscriptions = java.util.Collections.unmodifiableMap(new TreeMap<>(subscriptions));
  }

  /** A run whose final step has not begun. */
  public SweepRun(String runId, Instant plannedAt, List<String> scopes, Map<String, Subscription> subscriptions) {
    this(runId, plannedAt, scopes, subscriptions, Optional.empty(), List.of());
  }

  /** The same run with what became of it since. */
  public SweepRun with(Map<String, Subscription> now, Optional<Finish> finishNow) {
    return new SweepRun(runId, plannedAt, scopes, now, finishNow, problems);
  }

  /**
   * The final step: claimed by one message (a second message for the same run finds it taken), then what it
   * came to. {@code state} is PLANNED while it runs.
   *
   * @param messageId the queue message that claimed it; its redelivery may take it up again
   */
  public record Finish(State state, Instant at, String why, String messageId) {
    /** Whether this message claimed the step and may take it up again: still running (died), or FAILED. */
    public boolean retakenBy(String message) {
      return messageId.equals(message) && (state == State.PLANNED || state == State.FAILED);
    }
  }

  /** Whether every planned subscription has come to something: the final step may run. */
  public boolean allSwept() {
    return subscriptions.values().stream().noneMatch(s -> s.state() == State.PLANNED);
  }

  public boolean finished() {
    return finish.map(f -> f.state() != State.PLANNED).orElse(false);
  }

  /**
   * Whether this message may take the final step (up) again: it claimed it, and the step is still running
   * (the delivery died) or failed (Table Storage went away, say): the host's redelivery is its retry.
   */
  public boolean finalStepRetakenBy(String messageId) {
    return finish.map(f -> f.retakenBy(messageId)).orElse(false);
  }

  /**
   * @throws IllegalArgumentException for text that is not a run id
   */
  public static String checkId(String text) {
    String t = text == null ? "" : text.strip();
    if (!ID.matcher(t).matches()) {
      throw new IllegalArgumentException("not a sweep run id: " + com.accessauditor.model.Text.clip(t));
    }
    return t;
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
    return subscriptions.values().stream().allMatch(s -> s.state() == State.DONE)
        && finish.map(f -> f.state() == State.DONE).orElse(true);
  }

  public Optional<Subscription> subscription(String subscriptionId) {
    return Optional.ofNullable(subscriptions.get(subscriptionId.toLowerCase(java.util.Locale.ROOT)));
  }
}
