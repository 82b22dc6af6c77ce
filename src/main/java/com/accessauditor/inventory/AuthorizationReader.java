package com.accessauditor.inventory;

import com.accessauditor.model.DenyAssignment;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.Scope;
import java.util.List;

/** Reads role assignments, role definitions and deny assignments from ARM (or a snapshot of them). */
public interface AuthorizationReader {
  Lookup<RoleAssignment> roleAssignment(String assignmentId);

  Lookup<RoleDefinition> roleDefinition(String roleDefinitionId);

  /** Every assignment that applies at or below {@code scope}, inherited ones from above included (as ARM lists). */
  Lookup<List<RoleAssignment>> roleAssignmentsFor(Scope scope);

  /** Built-in and custom role definitions assignable at {@code scope}. */
  Lookup<List<RoleDefinition>> roleDefinitionsAt(Scope scope);

  Lookup<List<DenyAssignment>> denyAssignmentsFor(Scope scope);
}
