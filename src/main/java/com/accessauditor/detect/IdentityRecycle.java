package com.accessauditor.detect;

import com.accessauditor.findings.FindingDraft;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.Scope;
import java.util.List;
import java.util.Optional;

/**
 * A resource whose system-assigned identity now has a different principal than the one we knew.
 *
 * @param oldGrants the live assignments the previous principal still holds (now pointing at nobody)
 * @param newGrants what the current principal already holds, so re-grant commands are not repeated
 */
public record IdentityRecycle(
    Scope resourceId,
    PrincipalId previousPrincipal,
    PrincipalId currentPrincipal,
    List<KnownAssignment> oldGrants,
    List<RoleAssignment> newGrants,
    FindingDraft.Source source,
    Optional<String> evidence) {
  public IdentityRecycle {
    oldGrants = List.copyOf(oldGrants);
    newGrants = List.copyOf(newGrants);
  }

  public IdentityRecycle(Scope resourceId, PrincipalId previousPrincipal, PrincipalId currentPrincipal,
      List<KnownAssignment> oldGrants, FindingDraft.Source source, Optional<String> evidence) {
    this(resourceId, previousPrincipal, currentPrincipal, oldGrants, List.of(), source, evidence);
  }

  /** Whether the current principal already holds this role at this scope. */
  public boolean alreadyRegranted(RoleAssignment old) {
    return Regrant.alreadyHeld(old, newGrants);
  }
}
