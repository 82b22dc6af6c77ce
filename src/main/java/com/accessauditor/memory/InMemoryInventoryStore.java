package com.accessauditor.memory;

import com.accessauditor.inventory.InventoryStore;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.inventory.KnownIdentity;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** `--store memory`: the last-known inventory for the life of the process. */
public final class InMemoryInventoryStore implements InventoryStore {
  private final Map<String, KnownAssignment> assignments = new ConcurrentHashMap<>();
  private final Map<Scope, KnownIdentity> identities = new ConcurrentHashMap<>();

  @Override
  public Optional<KnownAssignment> assignment(String assignmentId) {
    return Optional.ofNullable(assignments.get(assignmentId.toLowerCase(Locale.ROOT)));
  }

  @Override
  public void putAssignment(KnownAssignment assignment) {
    assignments.put(assignment.id().toLowerCase(Locale.ROOT), assignment);
  }

  @Override
  public List<KnownAssignment> assignmentsOf(PrincipalId principal) {
    return assignments.values().stream()
        .filter(a -> !a.deleted())
        .filter(a -> a.grant().map(g -> g.principalId().equals(principal)).orElse(false))
        .toList();
  }

  @Override
  public Optional<KnownIdentity> identity(Scope resourceId) {
    return Optional.ofNullable(identities.get(resourceId));
  }

  @Override
  public void putIdentity(KnownIdentity identity) {
    identities.put(identity.resourceId(), identity);
  }
}
