package com.accessauditor.sweep;

import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What the directory answered about principals during one run, kept by the process that runs its workers,
 * so a principal holding grants in many subscriptions is looked up once per run and process, not once per
 * subscription (a platform team's group granted in every subscription of 10,000). A worker that needs a
 * principal another worker of the process is asking about right now waits for that answer instead of
 * asking too. Only answers are kept: found, or not in the directory. A principal the directory could not
 * be asked about is asked again by the next worker, so a failed batch never turns into "deleted". The
 * answers of one run only: the first worker of another run starts afresh, as the one-pass sweep asks once
 * per run.
 */
final class AnsweredPrincipals {
  /** About 10 MB at most: the principals asked about most recently are kept. */
  static final int KEPT = 20_000;

  /** Found (a principal), not in the directory (empty), or not answered (the call failed). */
  private record Answer(Optional<Principal> principal, boolean answered) {
    static final Answer UNANSWERED = new Answer(Optional.empty(), false);
  }

  private String runId = "";
  private final Map<PrincipalId, CompletableFuture<Answer>> answers = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<PrincipalId, CompletableFuture<Answer>> eldest) {
      return size() > KEPT && eldest.getValue().isDone();
    }
  };

  /**
   * Looks the principals up, asking the directory only about those not answered, or being asked, earlier
   * in this run.
   *
   * @return the batch as {@link Directory#principals} gives it, for every id asked
   */
  PrincipalBatch lookUp(String runId, Set<PrincipalId> ids, Directory directory) {
    Map<PrincipalId, CompletableFuture<Answer>> elsewhere = new HashMap<>();
    Map<PrincipalId, CompletableFuture<Answer>> mine = new LinkedHashMap<>();
    synchronized (this) {
      if (!this.runId.equals(runId)) {
        this.runId = runId;
        answers.clear();
      }
      for (PrincipalId id : ids) {
        CompletableFuture<Answer> known = answers.get(id);
        if (known == null) {
          CompletableFuture<Answer> asking = new CompletableFuture<>();
          answers.put(id, asking);
          mine.put(id, asking);
        } else {
          elsewhere.put(id, known);
        }
      }
    }
    Map<PrincipalId, Principal> found = new HashMap<>();
    Set<PrincipalId> unanswered = new HashSet<>();
    List<String> failures = new ArrayList<>();
    // Asked outside the lock: workers of the same process do not wait for each other's other principals.
    PrincipalBatch asked = mine.isEmpty() ? new PrincipalBatch(Map.of(), Set.of(), List.of())
        : ask(directory, mine);
    found.putAll(asked.found());
    unanswered.addAll(asked.unanswered());
    failures.addAll(asked.failures());
    Set<PrincipalId> again = new LinkedHashSet<>();
    elsewhere.forEach((id, answer) -> {
      Answer a = answer.join();
      if (a.answered()) {
        a.principal().ifPresent(p -> found.put(id, p));
      } else {
        again.add(id);
      }
    });
    if (!again.isEmpty()) {
      // The other worker's call failed: this one asks the directory itself.
      PrincipalBatch retried = directory.principals(again);
      found.putAll(retried.found());
      unanswered.addAll(retried.unanswered());
      retried.failures().stream().filter(f -> !failures.contains(f)).forEach(failures::add);
    }
    unanswered.removeAll(found.keySet());
    return new PrincipalBatch(found, unanswered, failures);
  }

  private PrincipalBatch ask(Directory directory, Map<PrincipalId, CompletableFuture<Answer>> mine) {
    PrincipalBatch asked = new PrincipalBatch(Map.of(), mine.keySet(), List.of("directory not asked"));
    try {
      asked = directory.principals(mine.keySet());
      return asked;
    } finally {
      // Whatever happened, nobody waits forever: what was not answered is forgotten, to be asked again.
      synchronized (this) {
        for (Map.Entry<PrincipalId, CompletableFuture<Answer>> e : mine.entrySet()) {
          PrincipalId id = e.getKey();
          if (asked.unanswered().contains(id)) {
            answers.remove(id, e.getValue());
            e.getValue().complete(Answer.UNANSWERED);
          } else {
            e.getValue().complete(new Answer(Optional.ofNullable(asked.found().get(id)), true));
          }
        }
      }
    }
  }
}
