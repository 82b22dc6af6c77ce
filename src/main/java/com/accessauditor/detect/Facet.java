package com.accessauditor.detect;

/**
 * One kind of tenant data a sweep reads. A detector names the facets it needs; where one of them could not
 * be read, the sweep neither trusts the detector's silence nor resolves its findings.
 */
public enum Facet {
  ROLE_ASSIGNMENTS,
  ROLE_DEFINITIONS,
  SITES,
  APP_SETTINGS,
  USER_ASSIGNED_IDENTITIES,
  DIRECTORY,
  DELETED_PRINCIPALS,
  /** PIM's eligibilities and active assignments (roleEligibilityScheduleInstances, roleAssignmentScheduleInstances). */
  PIM,
  /** Deny assignments (managed applications, deployment stacks): what they refuse, no role grants. */
  DENY_ASSIGNMENTS,
  BASELINE
}
