package com.accessauditor.sweep;

import java.util.List;
import java.util.Optional;

/**
 * The `sweepruns` table: one partition per run, a row for the run and one per subscription, so each worker
 * writes only its own subscription's row. Every write is an upsert: a redelivered message writes the same.
 */
public interface SweepRunStore {
  /** Records the run and every subscription as PLANNED. */
  void plan(SweepRun run);

  /** What one subscription came to. */
  void mark(String runId, SweepRun.Subscription subscription);

  Optional<SweepRun> find(String runId);

  /** One subscription's row, read alone: a worker of a run of 10,000 must not read 10,000 rows. */
  Optional<SweepRun.Subscription> subscription(String runId, String subscriptionId);

  /** Whether a subscription of the run is still planned: one row read at most. False for a run not recorded. */
  boolean anyPlanned(String runId);

  /** The final step's row, read alone. */
  Optional<SweepRun.Finish> finish(String runId);

  /**
   * Claims the run's final step for one queue message: true for the first message, and for that message
   * delivered again (its first delivery died, or failed and was recorded FAILED); false for any other
   * message of the same run, which was enqueued twice because two last workers finished at once.
   */
  boolean claimFinish(String runId, String messageId, java.time.Instant at);

  /** What the final step came to. */
  void finished(String runId, SweepRun.Finish finish);

  /** The latest runs, newest first. */
  List<SweepRun> recent(int count);

  /** Forgets the runs planned before {@code before}; says how many. */
  int prune(java.time.Instant before);
}
