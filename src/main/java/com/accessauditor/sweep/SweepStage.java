package com.accessauditor.sweep;

import java.util.List;

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
}
