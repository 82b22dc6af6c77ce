package com.accessauditor.detect;

import com.accessauditor.model.RoleDefinition;
import java.util.Optional;
import java.util.Set;

/**
 * The control-plane roles that reach everything below their scope: Owner, Contributor, User Access
 * Administrator, Role Based Access Control Administrator, and custom roles that grant what they grant
 * (judged with NotActions applied).
 */
final class PrivilegedRoles {
  static final Set<String> BUILT_IN = Set.of(BuiltInRoles.OWNER, BuiltInRoles.CONTRIBUTOR,
      BuiltInRoles.USER_ACCESS_ADMINISTRATOR, BuiltInRoles.RBAC_ADMINISTRATOR);

  private PrivilegedRoles() {}

  static boolean isPrivileged(String roleGuid, Optional<RoleDefinition> definition) {
    if (BUILT_IN.contains(roleGuid)) {
      return true;
    }
    return definition.filter(RoleDefinition::isCustom)
        .map(d -> d.grantsAction(PrivilegedGrantDetector.GRANT_ROLES_ACTION)
            || d.grantsAction(PrivilegedGrantDetector.ANY_WRITE_ACTION))
        .orElse(false);
  }
}
