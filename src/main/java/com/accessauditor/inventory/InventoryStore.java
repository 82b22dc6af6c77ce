package com.accessauditor.inventory;

import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The last-known inventory (`assignments`, `identities`, `roles`, `sweeps` tables): what delete events are
 * explained from and what the sweep compares the tenant with.
 */
public interface InventoryStore {
  Optional<KnownAssignment> assignment(String assignmentId);

  void putAssignment(KnownAssignment assignment);

  /** Writes many rows; the table adapter batches them into transactions. */
  default void putAssignments(List<KnownAssignment> assignments) {
    assignments.forEach(this::putAssignment);
  }

  /** Live (not deleted) assignments of one principal. */
  List<KnownAssignment> assignmentsOf(PrincipalId principal);

  /** Every row of one subscription, tombstones included: one partition query. */
  List<KnownAssignment> assignmentsIn(String subscriptionId);

  Optional<KnownIdentity> identity(Scope resourceId);

  void putIdentity(KnownIdentity identity);

  List<KnownIdentity> identitiesIn(String subscriptionId);

  /** Custom roles as the last sweep saw them. */
  List<KnownRole> customRoles();

  void putCustomRole(KnownRole role);

  /** When a sweep last read this subscription completely; missed-event detection starts after the first. */
  Optional<Instant> lastCompleteSweep(String subscriptionId);

  void markCompleteSweep(String subscriptionId, Instant at);
}
