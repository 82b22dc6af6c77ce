package com.accessauditor.diagnose;

/** Whether the principal may perform the action at the scope, as far as the tool could find out. */
public enum Verdict {
  ALLOWED,
  DENIED,
  /** Something needed could not be read, or the answer depends on a condition evaluated per request. */
  UNKNOWN
}
