package com.accessauditor.model;

import java.util.List;
import java.util.Locale;

/** A role definition with its permission blocks, as ARM and `az role definition list` return it. */
public record RoleDefinition(
    String id, String roleName, String roleType, List<Permission> permissions, List<String> assignableScopes) {

  public RoleDefinition {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("'id' cannot be null.");
    }
    roleName = roleName == null ? guidOf(id) : roleName;
    roleType = roleType == null ? "CustomRole" : roleType;
    permissions = List.copyOf(permissions == null ? List.of() : permissions);
    assignableScopes = List.copyOf(assignableScopes == null ? List.of() : assignableScopes);
  }

  public String guid() {
    return guidOf(id);
  }

  public boolean isCustom() {
    return "CustomRole".equalsIgnoreCase(roleType);
  }

  /** True when some permission block grants the control-plane action and none of its NotActions removes it. */
  public boolean grantsAction(String action) {
    return permissions.stream().anyMatch(p -> p.grantsAction(action));
  }

  public static String guidOf(String roleDefinitionId) {
    int slash = roleDefinitionId.lastIndexOf('/');
    return roleDefinitionId.substring(slash + 1).toLowerCase(Locale.ROOT);
  }

  /** One permission block. Actions are matched case-insensitively with '*' as a wildcard. */
  public record Permission(
      List<String> actions, List<String> notActions, List<String> dataActions, List<String> notDataActions) {
    public Permission {
      actions = List.copyOf(actions == null ? List.of() : actions);
      notActions = List.copyOf(notActions == null ? List.of() : notActions);
      dataActions = List.copyOf(dataActions == null ? List.of() : dataActions);
      notDataActions = List.copyOf(notDataActions == null ? List.of() : notDataActions);
    }

    public boolean grantsAction(String action) {
      return matchesAny(actions, action) && !matchesAny(notActions, action);
    }

    private static boolean matchesAny(List<String> patterns, String action) {
      return patterns.stream().anyMatch(p -> ActionPattern.matches(p, action));
    }
  }
}
