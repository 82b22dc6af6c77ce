package com.accessauditor.model;

import com.accessauditor.rbac.ActionKind;
import java.util.List;
import java.util.Locale;

/** A role definition with its permission blocks, as ARM and `az role definition list` return it. */
public record RoleDefinition(
    String id, String roleName, String roleType, List<Permission> permissions, List<String> assignableScopes) {

  public RoleDefinition {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("'id' cannot be null.");
    }
    roleName = roleName == null ? guidOf(id) : Text.safe(roleName); // a custom role's name is anyone's text
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

  public static String guidOf(String roleDefinitionId) {
    int slash = roleDefinitionId.lastIndexOf('/');
    return roleDefinitionId.substring(slash + 1).toLowerCase(Locale.ROOT);
  }

  /** One permission block; {@code rbac.RoleEvaluation} decides what it grants. */
  public record Permission(
      List<String> actions, List<String> notActions, List<String> dataActions, List<String> notDataActions) {
    public Permission {
      actions = List.copyOf(actions == null ? List.of() : actions);
      notActions = List.copyOf(notActions == null ? List.of() : notActions);
      dataActions = List.copyOf(dataActions == null ? List.of() : dataActions);
      notDataActions = List.copyOf(notDataActions == null ? List.of() : notDataActions);
    }

    public List<String> allowed(ActionKind kind) {
      return kind == ActionKind.DATA ? dataActions : actions;
    }

    public List<String> removed(ActionKind kind) {
      return kind == ActionKind.DATA ? notDataActions : notActions;
    }
  }
}
