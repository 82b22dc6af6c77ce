package com.accessauditor.model;

import java.time.Instant;
import java.util.Optional;

/** An ARM role assignment as GET /{id}?api-version=2022-04-01 returns it. */
public record RoleAssignment(
    String id,
    Scope scope,
    PrincipalId principalId,
    String principalType,
    String roleDefinitionId,
    Optional<String> condition,
    Optional<Instant> createdOn,
    Optional<String> createdBy) {

  public RoleAssignment {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("'id' cannot be null.");
    }
    if (scope == null || principalId == null || roleDefinitionId == null) {
      throw new IllegalArgumentException(
          "role assignment " + Text.clip(id) + " needs scope, principalId and roleDefinitionId.");
    }
    principalType = principalType == null ? "Unknown" : principalType;
  }

  /** The role definition's GUID, the last segment of its id; the same for a built-in role everywhere. */
  public String roleDefinitionGuid() {
    return RoleDefinition.guidOf(roleDefinitionId);
  }
}
