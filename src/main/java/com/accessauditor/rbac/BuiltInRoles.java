package com.accessauditor.rbac;

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

  /** Storage Blob Data Owner: what the Functions host's identity needs on AzureWebJobsStorage. */
  public static final String STORAGE_BLOB_DATA_OWNER = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
  /** Storage Queue Data Contributor: needed for queue-backed triggers and blob triggers. */
  public static final String STORAGE_QUEUE_DATA_CONTRIBUTOR = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
  /** Storage Account Contributor: needed by blob triggers (event subscription management). */
  public static final String STORAGE_ACCOUNT_CONTRIBUTOR = "17d1049b-9a84-46fb-8f53-869881c3d3ab";

  /** Website Contributor: Microsoft.Web/sites/*, so it can deploy code that runs as the app's identity. */
  public static final String WEBSITE_CONTRIBUTOR = "de139f84-1756-47ae-9be6-808fbbe84772";
  /** Managed Identity Operator: may attach (assign) a user-assigned identity to compute. */
  public static final String MANAGED_IDENTITY_OPERATOR = "f1a07417-d97a-45cb-824c-7a7467783830";

  private static final Map<String, String> NAMES =
      Map.of(
          WEBSITE_CONTRIBUTOR, "Website Contributor",
          MANAGED_IDENTITY_OPERATOR, "Managed Identity Operator",
          OWNER, "Owner",
          CONTRIBUTOR, "Contributor",
          READER, "Reader",
          USER_ACCESS_ADMINISTRATOR, "User Access Administrator",
          RBAC_ADMINISTRATOR, "Role Based Access Control Administrator",
          STORAGE_BLOB_DATA_OWNER, "Storage Blob Data Owner",
          STORAGE_QUEUE_DATA_CONTRIBUTOR, "Storage Queue Data Contributor",
          STORAGE_ACCOUNT_CONTRIBUTOR, "Storage Account Contributor");

  private BuiltInRoles() {}

  public static Optional<String> nameOf(String roleDefinitionGuid) {
    return Optional.ofNullable(NAMES.get(roleDefinitionGuid));
  }

  public static Optional<String> guidOf(String roleName) {
    return NAMES.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(roleName.trim()))
        .map(Map.Entry::getKey).findFirst();
  }
}
