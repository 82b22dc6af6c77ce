package com.accessauditor.sweep;

import com.accessauditor.baseline.Baseline;
import com.accessauditor.detect.Facet;
import com.accessauditor.detect.SweepFacts;
import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the directory said about a sweep's principals, in batches of 1,000, and its soft-deleted objects;
 * what it could not answer is a gap, so nothing is called deleted because the directory could not be asked.
 */
record DirectoryRead(PrincipalBatch principals, Optional<Map<PrincipalId, Principal>> deleted) {
  static DirectoryRead of(Directory directory, Set<PrincipalId> ids, TenantReading read, Consumer<String> progress) {
    return new DirectoryRead(principals(directory, ids, read, progress), deleted(directory, Optional.empty(), read));
  }

  /**
   * @param lookUp how the principals are looked up (a worker asks only about those its run has not)
   * @param staged the deleted objects as the run's start read them, asked again only when absent
   */
  static DirectoryRead of(Directory directory, Function<Set<PrincipalId>, PrincipalBatch> lookUp,
      Optional<Lookup<List<Principal>>> staged, Set<PrincipalId> ids, TenantReading read, Consumer<String> progress) {
    return new DirectoryRead(principals(lookUp, ids, read, progress), deleted(directory, staged, read));
  }

  static PrincipalBatch principals(Directory directory, Set<PrincipalId> ids, TenantReading read,
      Consumer<String> progress) {
    return principals(directory::principals, ids, read, progress);
  }

  private static PrincipalBatch principals(Function<Set<PrincipalId>, PrincipalBatch> lookUp, Set<PrincipalId> ids,
      TenantReading read, Consumer<String> progress) {
    if (ids.isEmpty()) {
      return new PrincipalBatch(Map.of(), Set.of(), List.of());
    }
    PrincipalBatch principals = lookUp.apply(ids);
    if (!principals.complete()) {
      read.gap(Facet.DIRECTORY, SweepFacts.EVERYWHERE, "directory: " + principals.unanswered().size() + " of "
          + ids.size() + " principal(s) could not be looked up (" + String.join("; ", principals.failures())
          + "); no orphan findings and no deletion advice for them");
    }
    progress.accept("directory: " + ids.size() + " principal(s) looked up, " + principals.found().size() + " found");
    return principals;
  }

  static Optional<Map<PrincipalId, Principal>> deleted(Directory directory, Optional<Lookup<List<Principal>>> staged,
      TenantReading read) {
    Lookup<List<Principal>> deleted = staged.orElseGet(directory::deletedPrincipals);
    if (deleted instanceof Lookup.Failed<List<Principal>> f) {
      read.gap(Facet.DELETED_PRINCIPALS, SweepFacts.EVERYWHERE, "deleted directory objects: " + f.reason());
    }
    return deleted.found().map(list -> list.stream().collect(Collectors.toMap(Principal::id, p -> p, (a, b) -> a)));
  }

  /**
   * Records that there is no baseline, or checks the one given against what was read: a role or principal
   * that does not exist stops the caller before it writes anything.
   *
   * @throws IllegalArgumentException naming each wrong baseline entry and the closest real name
   */
  static void checkBaseline(Optional<Baseline> baseline, TenantReading read, PrincipalBatch principals,
      Directory directory) {
    if (baseline.isEmpty()) {
      read.gaps.computeIfAbsent(Facet.BASELINE, k -> new HashSet<>()).add(SweepFacts.EVERYWHERE);
      return;
    }
    boolean rolesRead = read.gaps.getOrDefault(Facet.ROLE_DEFINITIONS, Set.of()).isEmpty();
    Set<String> names = new HashSet<>();
    principals.found().values().forEach(p -> {
      names.add(p.displayName().toLowerCase(Locale.ROOT));
      p.userPrincipalName().ifPresent(u -> names.add(u.toLowerCase(Locale.ROOT)));
    });
    List<String> wrong = BaselineCheck.problems(baseline.get(),
        rolesRead ? Optional.of(read.definitions.values()) : Optional.empty(), directory, names,
        principals.found().keySet());
    if (!wrong.isEmpty()) {
      throw new IllegalArgumentException(BaselineCheck.refusal("nothing was swept", wrong));
    }
  }
}
