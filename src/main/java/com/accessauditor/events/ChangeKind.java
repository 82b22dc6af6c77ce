package com.accessauditor.events;

import java.util.Locale;
import java.util.Optional;

/** The ARM operations the auditor captures, keyed by the event's data.operationName. */
public enum ChangeKind {
  ROLE_ASSIGNMENT_WRITE("Microsoft.Authorization/roleAssignments/write"),
  ROLE_ASSIGNMENT_DELETE("Microsoft.Authorization/roleAssignments/delete"),
  ROLE_DEFINITION_WRITE("Microsoft.Authorization/roleDefinitions/write"),
  ROLE_DEFINITION_DELETE("Microsoft.Authorization/roleDefinitions/delete"),
  USER_ASSIGNED_IDENTITY_WRITE("Microsoft.ManagedIdentity/userAssignedIdentities/write"),
  USER_ASSIGNED_IDENTITY_DELETE("Microsoft.ManagedIdentity/userAssignedIdentities/delete"),
  SITE_WRITE("Microsoft.Web/sites/write"),
  SITE_DELETE("Microsoft.Web/sites/delete");

  private final String operationName;

  ChangeKind(String operationName) {
    this.operationName = operationName;
  }

  /** The operation name, exactly as the infra/ Event Grid filter must list it. */
  public String operationName() {
    return operationName;
  }

  public boolean isDelete() {
    return operationName.endsWith("/delete");
  }

  public static Optional<ChangeKind> ofOperation(String operationName) {
    if (operationName == null) {
      return Optional.empty();
    }
    String wanted = operationName.toLowerCase(Locale.ROOT);
    for (ChangeKind kind : values()) {
      if (kind.operationName.toLowerCase(Locale.ROOT).equals(wanted)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
