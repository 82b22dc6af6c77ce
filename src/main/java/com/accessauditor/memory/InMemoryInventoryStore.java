package com.accessauditor.memory;

import com.accessauditor.inventory.InventoryStore;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.inventory.KnownIdentity;
import com.accessauditor.inventory.KnownRole;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** `--store memory`: the last-known inventory for the life of the process. */
public final class InMemoryInventoryStore implements InventoryStore {
  private final Map<String, KnownAssignment> assignments = new ConcurrentHashMap<>();
  private final Map<String, Map<String, KnownAssignment>> bySubscription = new ConcurrentHashMap<>();
  private final Map<Scope, KnownIdentity> identities = new ConcurrentHashMap<>();
  private final Map<String, KnownRole> roles = new ConcurrentHashMap<>();
  private final Map<String, Instant> sweeps = new ConcurrentHashMap<>();

  @Override
  public Optional<KnownAssignment> assignment(String assignmentId) {
    return Optional.ofNullable(assignments.get(assignmentId.toLowerCase(Locale.ROOT)));
  }

  @Override
  public void putAssignment(KnownAssignment assignment) {
    String id = assignment.id().toLowerCase(Locale.ROOT);
    assignments.put(id, assignment);
    bySubscription.computeIfAbsent(assignment.scope().subscriptionId().orElse(""), k -> new ConcurrentHashMap<>())
        .put(id, assignment);
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

  @Override
  public List<KnownAssignment> assignmentsIn(String subscriptionId) {
    return List.copyOf(bySubscription.getOrDefault(subscriptionId.toLowerCase(Locale.ROOT), Map.of()).values());
  }

  @Override
  public List<KnownIdentity> identitiesIn(String subscriptionId) {
    return identities.values().stream()
        .filter(i -> i.resourceId().subscriptionId().orElse("").equalsIgnoreCase(subscriptionId))
        .toList();
  }

  @Override
  public List<KnownRole> customRoles() {
    return List.copyOf(roles.values());
  }

  @Override
  public void putCustomRole(KnownRole role) {
    roles.put(role.definition().guid(), role);
  }

  @Override
  public Optional<Instant> lastCompleteSweep(String subscriptionId) {
    return Optional.ofNullable(sweeps.get(subscriptionId.toLowerCase(Locale.ROOT)));
  }

  @Override
  public void markCompleteSweep(String subscriptionId, Instant at) {
    sweeps.put(subscriptionId.toLowerCase(Locale.ROOT), at);
  }
}
