package com.accessauditor.inventory;

import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The directory's answer for many principals: found ones, and ids it could not be asked about.
 * Every other id asked for is not in the directory.
 *
 * @param failures one line per failed call, naming what failed
 */
public record PrincipalBatch(Map<PrincipalId, Principal> found, Set<PrincipalId> unanswered, List<String> failures) {
  public PrincipalBatch {
    found = Map.copyOf(found);
    unanswered = Set.copyOf(unanswered);
    failures = List.copyOf(failures);
  }

  public Lookup<Principal> lookup(PrincipalId id) {
    Principal p = found.get(id);
    if (p != null) {
      return Lookup.found(p);
    }
    if (unanswered.contains(id)) {
      return Lookup.failed("the directory could not be asked about " + id + ": " + String.join("; ", failures));
    }
    return Lookup.notFound("principal " + id);
  }

  public boolean complete() {
    return unanswered.isEmpty();
  }
}
