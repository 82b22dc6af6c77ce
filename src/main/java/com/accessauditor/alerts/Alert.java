package com.accessauditor.alerts;

import com.accessauditor.findings.Finding;
import java.time.Instant;
import java.util.Optional;

/**
 * One alert for one channel, as the outbox keeps it: written before it is sent, so a restart mid-send
 * loses nothing, and sent again only until a channel confirms it.
 *
 * @param id stable for the same finding change, so enqueuing it twice keeps one row
 * @param finding the finding as it was when the alert was made
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
    Optional<String> lastError) {

  public enum Status {
    PENDING,
    SENT,
    GAVE_UP
  }

  /** Taken for sending: not due again before {@code until}, unless the sender records otherwise. */
  public Alert claimedUntil(Instant until) {
    return new Alert(id, channel, kind, finding, createdAt, status, attempts, until, lastError);
  }

  public Alert sent() {
    return new Alert(id, channel, kind, finding, createdAt, Status.SENT, attempts + 1, nextAttemptAt, Optional.empty());
  }

  public Alert failed(String error, Instant retryAt, boolean giveUp) {
    return new Alert(id, channel, kind, finding, createdAt, giveUp ? Status.GAVE_UP : Status.PENDING, attempts + 1,
        retryAt, Optional.of(error));
  }
}
