package com.accessauditor.sweep;

import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import java.util.List;
import java.util.Optional;

/**
 * Where a run's workers leave what the final step needs (the `sweepstage` table: partition = run id). A
 * redelivered worker writes the same rows again; the final step drops the run's rows when it is done.
 */
public interface SweepStage {
  /**
   * @param principals what the directory said about the subscription's principals: the final step takes
   *     its answers from here instead of asking again
   */
  void put(String runId, StagedSubscription subscription, DirectoryAnswers principals);

  /**
   * What the directory said about one staged subscription's principals.
   *
   * @throws IllegalStateException for rows cut short or unreadable, as {@link #read}
   */
  DirectoryAnswers principals(String runId, String subscriptionId);

  /**
   * Every subscription staged for the run.
   *
   * @throws IllegalStateException naming a subscription whose rows are cut short or unreadable: a final
   *     step must not judge the tenant from part of it
   */
  List<StagedSubscription> read(String runId);

  void drop(String runId);

  /**
   * Drops what runs planned before {@code before} left: a run whose final step never finished keeps its
   * rows (display names among them) only as long as its run record is kept.
   */
  void dropBefore(java.time.Instant before);

  /** The directory's soft-deleted objects, read once by the run's start for every worker and the final step. */
  void putDeleted(String runId, Lookup<List<Principal>> deleted);

  /** As the start read them; empty for a run started before they were kept here. */
  Optional<Lookup<List<Principal>>> deleted(String runId);
}
