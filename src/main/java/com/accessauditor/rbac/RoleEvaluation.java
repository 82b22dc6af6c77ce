package com.accessauditor.rbac;

import com.accessauditor.model.DenyAssignment;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.Scope;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that decides what a role grants, how privileged it is, and whether a deny assignment
 * refuses an action: detectors, the diagnosis and the baseline all ask here, so they cannot drift apart.
 *
 * <p>An action is granted by a permission block that lists it in `Actions` (control plane) or `DataActions`
 * (data plane) when that same block's `NotActions` / `NotDataActions` do not take it away. Ignoring
 * NotActions is a classic false positive: Contributor lists `*` and removes `Microsoft.Authorization/*\/Write`.
 */
public final class RoleEvaluation {
  /** Writing role assignments: whoever can, can grant themselves anything. */
  public static final String GRANT_ROLES_ACTION = "Microsoft.Authorization/roleAssignments/write";
  /** Any write: Contributor and Owner grant it, Reader and data roles do not. */
  public static final String ANY_WRITE_ACTION = "Microsoft.Resources/deployments/write";
  private static final String EVERYONE = "00000000-0000-0000-0000-000000000000";
  private static final Set<String> GRANTS_ROLES =
      Set.of(BuiltInRoles.OWNER, BuiltInRoles.USER_ACCESS_ADMINISTRATOR, BuiltInRoles.RBAC_ADMINISTRATOR);

  /** How much of the control plane a role controls. */
  public enum Power {
    /** It can write role assignments: Owner, User Access Administrator, RBAC Administrator, or alike. */
    GRANTS_ROLES,
    /** It can change everything but role assignments: Contributor or alike. */
    WRITES_EVERYTHING,
    NONE
  }

  /** What one role does with one action. */
  public enum Outcome {
    GRANTS,
    /** Listed, then taken away by NotActions / NotDataActions ({@link Judgement#pattern()} says which). */
    REMOVED,
    /** It grants the action on the other plane (Owner and a blob read), or is a data role asked a control one. */
    WRONG_PLANE,
    NOTHING
  }

  public record Judgement(Outcome outcome, String pattern) {}

  private RoleEvaluation() {}

  public static boolean grants(RoleDefinition role, String action, ActionKind kind) {
    return role.permissions().stream().anyMatch(p -> grants(p, action, kind));
  }

  /** A control-plane action (Actions / NotActions). */
  public static boolean grantsControl(RoleDefinition role, String action) {
    return grants(role, action, ActionKind.CONTROL);
  }

  public static boolean grants(RoleDefinition.Permission block, String action, ActionKind kind) {
    return matchesAny(block.allowed(kind), action) && !matchesAny(block.removed(kind), action);
  }

  /** The NotActions / NotDataActions pattern that takes the action away from a block that lists it. */
  public static Optional<String> removedBy(RoleDefinition role, String action, ActionKind kind) {
    return role.permissions().stream()
        .filter(p -> matchesAny(p.allowed(kind), action))
        .flatMap(p -> p.removed(kind).stream().filter(r -> ActionPattern.matches(r, action)).findFirst().stream())
        .findFirst();
  }

  /** Whether the role has DataActions in the action's resource provider (or all of them). */
  public static boolean hasDataActionsIn(RoleDefinition role, String action) {
    String namespace = namespace(action);
    return role.permissions().stream().flatMap(p -> p.dataActions().stream())
        .anyMatch(p -> p.equals("*") || namespace(p).equalsIgnoreCase(namespace));
  }

  public static Judgement judge(RoleDefinition role, String action, ActionKind kind) {
    if (grants(role, action, kind)) {
      return new Judgement(Outcome.GRANTS, "");
    }
    Optional<String> removed = removedBy(role, action, kind);
    if (removed.isPresent()) {
      return new Judgement(Outcome.REMOVED, removed.get());
    }
    ActionKind other = kind == ActionKind.DATA ? ActionKind.CONTROL : ActionKind.DATA;
    boolean wrongPlane = grants(role, action, other) || kind == ActionKind.CONTROL && hasDataActionsIn(role, action);
    return new Judgement(wrongPlane ? Outcome.WRONG_PLANE : Outcome.NOTHING, "");
  }

  /**
   * A built-in role by its GUID (known even when its definition could not be read), a custom one by what
   * it grants with NotActions applied.
   */
  public static Power power(String roleGuid, Optional<RoleDefinition> definition) {
    String guid = roleGuid.toLowerCase(Locale.ROOT);
    if (GRANTS_ROLES.contains(guid)) {
      return Power.GRANTS_ROLES;
    }
    if (BuiltInRoles.CONTRIBUTOR.equals(guid)) {
      return Power.WRITES_EVERYTHING;
    }
    return definition.filter(RoleDefinition::isCustom)
        .map(d -> grants(d, GRANT_ROLES_ACTION, ActionKind.CONTROL) ? Power.GRANTS_ROLES
            : grants(d, ANY_WRITE_ACTION, ActionKind.CONTROL) ? Power.WRITES_EVERYTHING : Power.NONE)
        .orElse(Power.NONE);
  }

  /** Owner, Contributor, User Access Administrator, RBAC Administrator, or a custom role that grants alike. */
  public static boolean isPrivileged(String roleGuid, Optional<RoleDefinition> definition) {
    return power(roleGuid, definition) != Power.NONE;
  }

  /**
   * Whether the deny assignment refuses the action to any of these principals at {@code at}: it must reach
   * the scope (only the scope itself when it does not apply to children), name one of them or everyone
   * without excluding them, list the action and not spare it.
   */
  public static ScopeTree.Containment denies(DenyAssignment d, Set<PrincipalId> principals, String action,
      ActionKind kind, Scope at, ScopeTree tree) {
    boolean toThem = d.principalIds().stream().anyMatch(p -> p.equals(EVERYONE)
        || principals.stream().anyMatch(i -> i.value().equalsIgnoreCase(p)));
    boolean excluded = d.excludePrincipalIds().stream()
        .anyMatch(p -> principals.stream().anyMatch(i -> i.value().equalsIgnoreCase(p)));
    List<String> listed = kind == ActionKind.DATA ? d.dataActions() : d.actions();
    List<String> spared = kind == ActionKind.DATA ? d.notDataActions() : d.notActions();
    if (!toThem || excluded || !matchesAny(listed, action) || matchesAny(spared, action)) {
      return ScopeTree.Containment.NO;
    }
    if (d.doNotApplyToChildScopes()) {
      return d.scope().equals(at) ? ScopeTree.Containment.YES : ScopeTree.Containment.NO;
    }
    return tree.contains(d.scope(), at);
  }

  public static boolean deniesEveryone(DenyAssignment d) {
    return d.principalIds().contains(EVERYONE);
  }

  private static boolean matchesAny(List<String> patterns, String action) {
    return patterns.stream().anyMatch(p -> ActionPattern.matches(p, action));
  }

  private static String namespace(String action) {
    int slash = action.indexOf('/');
    return slash < 0 ? action : action.substring(0, slash);
  }
}
