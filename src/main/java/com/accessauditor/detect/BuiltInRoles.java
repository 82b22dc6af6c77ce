package com.accessauditor.detect;

import java.util.Map;
import java.util.Optional;

/**
 * Built-in role definition GUIDs. They are the same in every tenant, so a role can be recognised even
 * when its definition could not be read.
 */
public final class BuiltInRoles {
  /** Owner: full access including granting roles. */
  public static final String OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
  /** Contributor: full control plane, no role granting. */
  public static final String CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
  /** Reader. */
  public static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
  /** User Access Administrator: grants roles. */
  public static final String USER_ACCESS_ADMINISTRATOR = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";
  /** Role Based Access Control Administrator: grants roles (optionally constrained by a condition). */
  public static final String RBAC_ADMINISTRATOR = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";

  private static final Map<String, String> NAMES =
      Map.of(
          OWNER, "Owner",
          CONTRIBUTOR, "Contributor",
          READER, "Reader",
          USER_ACCESS_ADMINISTRATOR, "User Access Administrator",
          RBAC_ADMINISTRATOR, "Role Based Access Control Administrator");

  private BuiltInRoles() {}

  public static Optional<String> nameOf(String roleDefinitionGuid) {
    return Optional.ofNullable(NAMES.get(roleDefinitionGuid));
  }
}
