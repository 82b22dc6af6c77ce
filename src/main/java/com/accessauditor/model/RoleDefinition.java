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
    return grants(action, ActionKind.CONTROL);
  }

  /**
   * True when some permission block lists the action among its `Actions` (control plane) or `DataActions`
   * (data plane) and that block's `NotActions` / `NotDataActions` do not take it away again.
   */
  public boolean grants(String action, ActionKind kind) {
    return permissions.stream().anyMatch(p -> p.grants(action, kind));
  }

  /** The `NotActions`/`NotDataActions` pattern that takes the action away from a block that lists it. */
  public java.util.Optional<String> removedBy(String action, ActionKind kind) {
    return permissions.stream().map(p -> p.removedBy(action, kind)).flatMap(java.util.Optional::stream).findFirst();
  }

  /**
   * True when the role has DataActions in the action's resource provider (or all of them): a data-plane
   * role for that service, which is what someone holding it and refused a control-plane action has.
   */
  public boolean hasDataActionsIn(String action) {
    String namespace = namespace(action);
    return permissions.stream().flatMap(p -> p.dataActions().stream())
        .anyMatch(p -> p.equals("*") || namespace(p).equalsIgnoreCase(namespace));
  }

  private static String namespace(String action) {
    int slash = action.indexOf('/');
    return slash < 0 ? action : action.substring(0, slash);
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
      return grants(action, ActionKind.CONTROL);
    }

    public boolean grants(String action, ActionKind kind) {
      return matchesAny(allowed(kind), action) && !matchesAny(removed(kind), action);
    }

    java.util.Optional<String> removedBy(String action, ActionKind kind) {
      if (!matchesAny(allowed(kind), action)) {
        return java.util.Optional.empty();
      }
      return removed(kind).stream().filter(p -> ActionPattern.matches(p, action)).findFirst();
    }

    public List<String> allowed(ActionKind kind) {
      return kind == ActionKind.DATA ? dataActions : actions;
    }

    public List<String> removed(ActionKind kind) {
      return kind == ActionKind.DATA ? notDataActions : notActions;
    }

    private static boolean matchesAny(List<String> patterns, String action) {
      return patterns.stream().anyMatch(p -> ActionPattern.matches(p, action));
    }
  }
}
