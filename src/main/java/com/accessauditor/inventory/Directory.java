package com.accessauditor.inventory;

import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import java.util.Collection;
import java.util.List;

/** The Entra directory: who a principal is, and who was deleted. */
public interface Directory {
  /** Graph getByIds allows this many ids per call. */
  int BATCH = 1000;
  /** The kinds of directory object whose deleted items Graph keeps, lower case. */
  java.util.Set<String> ALL_TYPES = java.util.Set.of("user", "group", "serviceprincipal");

  Lookup<Principal> principal(PrincipalId id);

  /**
   * Looks many principals up in calls of at most {@link #BATCH} ids. A batch that fails leaves its ids
   * unanswered; it never makes them "not found".
   */
  PrincipalBatch principals(Collection<PrincipalId> ids);

  /** Soft-deleted users, groups and service principals (directory/deletedItems), restorable for 30 days. */
  Lookup<List<Principal>> deletedPrincipals();

  /** The kinds of object {@link #deletedPrincipals()} covers (lower case): all of them when read live. */
  default java.util.Set<String> deletedTypesRead() {
    return ALL_TYPES;
  }

  /** The service principal of an application (client) id, the id tokens and error messages show. */
  Lookup<Principal> servicePrincipalByAppId(String appId);

  /** Users, groups and service principals with exactly this display name, or the user with this UPN. */
  Lookup<List<Principal>> principalsNamed(String displayName);

  /** Every group the principal is a member of, directly or through other groups. */
  Lookup<List<PrincipalId>> groupsOf(PrincipalId id);

  /**
   * Every member of the group, directly or through nested groups (the groups among them included); a
   * failure where this source does not know, never "no members".
   */
  default Lookup<List<Principal>> membersOf(PrincipalId group) {
    return Lookup.failed("group members are not read from this source");
  }
}
