package com.accessauditor.findings;

/** The one vocabulary of problems, used in the table, the alerts and the command line. */
public enum FindingKind {
  PRIVILEGED_GRANT,
  UNEXPECTED_ASSIGNMENT,
  MISSING_ASSIGNMENT,
  ORPHANED_ASSIGNMENT,
  RECYCLED_IDENTITY,
  IDENTITY_SETTINGS_MISMATCH,
  CUSTOM_ROLE_CHANGED,
  ROLE_ASSIGNMENT_QUOTA,
  OVERPRIVILEGED_APP_IDENTITY,
  SHARED_IDENTITY,
  MISSED_EVENT
}
