package com.accessauditor.alerts;

import java.time.Instant;
import java.util.List;

/** The `alerts` table: every alert, pending or sent. */
public interface AlertOutbox {
  /**
   * Keeps the alert unless one with its id and channel is already there (enqueuing is idempotent).
   *
   * @return true when this call wrote it; false when it was there already (another run made it first)
   */
  boolean add(Alert alert);

  void update(Alert alert);

  /** Pending alerts whose next attempt is due. */
  List<Alert> due(Instant now);

  /**
   * Takes a due alert (as {@link #due} returned it) for sending until {@code until}. False when another run,
   * on this instance or another, took or changed it first: then this run must not send it.
   */
  boolean claim(Alert alert, Instant until);

  /** Alerts about one finding, to honour the suppression window. */
  List<Alert> forFinding(String fingerprint);

  List<Alert> list();
}
