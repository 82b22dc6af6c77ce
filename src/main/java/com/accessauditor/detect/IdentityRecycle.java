package com.accessauditor.detect;

import com.accessauditor.findings.FindingDraft;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import java.util.List;
import java.util.Optional;

/**
 * A resource whose system-assigned identity now has a different principal than the one we knew.
 *
 * @param oldGrants the live assignments the previous principal still holds (now pointing at nobody)
 */
public record IdentityRecycle(
    Scope resourceId,
    PrincipalId previousPrincipal,
    PrincipalId currentPrincipal,
    List<KnownAssignment> oldGrants,
    FindingDraft.Source source,
    Optional<String> evidence) {
  public IdentityRecycle {
    oldGrants = List.copyOf(oldGrants);
  }
}
