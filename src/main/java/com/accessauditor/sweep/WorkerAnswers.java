package com.accessauditor.sweep;

import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The workers' directory answers, for the principals the final step keeps: it asks the directory only about
 * those no worker asked about (the grants it read at management groups itself).
 */
final class WorkerAnswers {
  private final Map<PrincipalId, Principal> found = new HashMap<>();
  private final Set<PrincipalId> unanswered = new HashSet<>();
  private final Set<PrincipalId> asked = new HashSet<>();
  private final List<String> failures = new ArrayList<>();

  void take(DirectoryAnswers answers, Set<PrincipalId> wanted) {
    PrincipalBatch batch = answers.batch();
    answers.asked().stream().filter(wanted::contains).forEach(asked::add);
    batch.found().forEach((id, p) -> {
      if (wanted.contains(id)) {
        found.put(id, p);
      }
    });
    batch.unanswered().stream().filter(wanted::contains).forEach(unanswered::add);
    batch.failures().stream().filter(f -> !failures.contains(f)).forEach(failures::add);
  }

  Set<PrincipalId> notAsked(Set<PrincipalId> ids) {
    Set<PrincipalId> out = new LinkedHashSet<>(ids);
    out.removeAll(asked);
    return out;
  }

  /** A principal a worker found is found, even where another worker's batch failed. */
  PrincipalBatch with(PrincipalBatch asked) {
    Map<PrincipalId, Principal> all = new HashMap<>(found);
    all.putAll(asked.found());
    Set<PrincipalId> failed = new HashSet<>(unanswered);
    failed.addAll(asked.unanswered());
    failed.removeAll(all.keySet());
    List<String> why = new ArrayList<>(failed.isEmpty() ? List.of() : failures);
    why.addAll(asked.failures());
    return new PrincipalBatch(all, failed, why);
  }
}
