package com.accessauditor.alerts;

import com.accessauditor.findings.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One alert for one channel, as the outbox keeps it: written before it is sent, so a restart mid-send
 * loses nothing, and sent again only until a channel confirms it.
 *
 * @param id stable for the same finding change, so enqueuing it twice keeps one row
 * @param finding the finding as it was when the alert was made
 * @param consequences findings that follow from this one and are told with it, not on their own
 */
public record Alert(
    String id,
    String channel,
    AlertKind kind,
    Finding finding,
    Instant createdAt,
    Status status,
    int attempts,
    Instant nextAttemptAt,
    Optional<String> lastError,
    List<Alert.Consequence> consequences) {

  /** A finding told as part of its root's alert. */
  public record Consequence(String fingerprint, String severity, String title) {
    static Consequence of(Finding f) {
      return new Consequence(f.fingerprint(), f.severity().label(), f.title());
    }
  }

  public Alert {
    consequences = List.copyOf(consequences);
  }

  public Alert(String id, String channel, AlertKind kind, Finding finding, Instant createdAt, Status status,
      int attempts, Instant nextAttemptAt, Optional<String> lastError) {
    this(id, channel, kind, finding, createdAt, status, attempts, nextAttemptAt, lastError, List.of());
  }

  public enum Status {
    PENDING,
    SENT,
    GAVE_UP,
    /** Told as a consequence in its root's alert, never on its own. */
    JOINED
  }

  /** The same alert, telling these consequences with it. */
  public Alert withConsequences(List<Consequence> told) {
    return new Alert(id, channel, kind, finding, createdAt, status, attempts, nextAttemptAt, lastError, told);
  }

  /** Told in its root's alert: done, never sent on its own. */
  public Alert joined() {
    return new Alert(id, channel, kind, finding, createdAt, Status.JOINED, attempts, nextAttemptAt, lastError,
        consequences);
  }

  /** Taken for sending: not due again before {@code until}, unless the sender records otherwise. */
  public Alert claimedUntil(Instant until) {
    return new Alert(id, channel, kind, finding, createdAt, status, attempts, until, lastError, consequences);
  }

  public Alert sent() {
    return new Alert(id, channel, kind, finding, createdAt, Status.SENT, attempts + 1, nextAttemptAt, Optional.empty(),
        consequences);
  }

  public Alert failed(String error, Instant retryAt, boolean giveUp) {
    return new Alert(id, channel, kind, finding, createdAt, giveUp ? Status.GAVE_UP : Status.PENDING, attempts + 1,
        retryAt, Optional.of(error), consequences);
  }
}
