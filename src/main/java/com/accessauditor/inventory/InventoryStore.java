package com.accessauditor.inventory;

import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import java.util.List;
import java.util.Optional;

/** The last-known inventory (`assignments` and `identities` tables) that delete events are explained from. */
public interface InventoryStore {
  Optional<KnownAssignment> assignment(String assignmentId);

  void putAssignment(KnownAssignment assignment);

  /** Live (not deleted) assignments of one principal. */
  List<KnownAssignment> assignmentsOf(PrincipalId principal);

  Optional<KnownIdentity> identity(Scope resourceId);

  void putIdentity(KnownIdentity identity);
}
