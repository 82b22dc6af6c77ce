package com.accessauditor.inventory;

import com.accessauditor.model.Lookup;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;

/** Reads role assignments and definitions from ARM (or a snapshot of them). */
public interface AuthorizationReader {
  Lookup<RoleAssignment> roleAssignment(String assignmentId);

  Lookup<RoleDefinition> roleDefinition(String roleDefinitionId);
}
