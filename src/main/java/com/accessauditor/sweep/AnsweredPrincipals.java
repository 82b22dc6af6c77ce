package com.accessauditor.sweep;

import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the directory answered about principals during one run, kept by the process that runs its workers,
 * so a principal holding grants in many subscriptions is looked up once per run and process, not once per
 * subscription (a platform team's group granted in every subscription of 10,000). Only answers are kept:
 * found, or not in the directory. A principal the directory could not be asked about is asked again by the
 * next worker, so a failed batch never turns into "deleted". The answers of one run only: the first worker
 * of another run starts afresh, as the one-pass sweep asks once per run.
 */
final class AnsweredPrincipals {
  /** About 10 MB at most: the principals asked about most recently are kept. */
  static final int KEPT = 20_000;

  private String runId = "";
  private final Map<PrincipalId, Optional<Principal>> answers = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<PrincipalId, Optional<Principal>> eldest) {
      return size() > KEPT;
    }
  };

  /**
   * Looks the principals up, asking the directory only about those not answered earlier in this run.
   *
   * @return the batch as {@link Directory#principals} gives it, for every id asked
   */
  PrincipalBatch lookUp(String runId, Set<PrincipalId> ids, Directory directory) {
    Map<PrincipalId, Principal> found = new HashMap<>();
    Set<PrincipalId> ask = new LinkedHashSet<>();
    synchronized (this) {
      if (!this.runId.equals(runId)) {
        this.runId = runId;
        answers.clear();
      }
      for (PrincipalId id : ids) {
        Optional<Principal> known = answers.get(id);
        if (known == null) {
          ask.add(id);
        } else {
          known.ifPresent(p -> found.put(id, p));
        }
      }
    }
    if (ask.isEmpty()) {
      return new PrincipalBatch(found, Set.of(), java.util.List.of());
    }
    // Asked outside the lock: workers of the same process do not wait for each other's Graph calls.
    PrincipalBatch asked = directory.principals(ask);
    synchronized (this) {
      if (this.runId.equals(runId)) {
        for (PrincipalId id : ask) {
          if (!asked.unanswered().contains(id)) {
            answers.put(id, Optional.ofNullable(asked.found().get(id)));
          }
        }
      }
    }
    found.putAll(asked.found());
    return new PrincipalBatch(found, asked.unanswered(), asked.failures());
  }
}
