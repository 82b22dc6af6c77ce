package com.accessauditor.diagnose;

/** One finding of a diagnosis, most likely cause first. */
public record Reason(Kind kind, String text) {

  /** In the order diagnoses list them: the likeliest cause of a 403 first. */
  public enum Kind {
    RECYCLED_IDENTITY,
    PRINCIPAL_DELETED,
    PRINCIPAL_SOFT_DELETED,
    PRINCIPAL_UNKNOWN,
    DENY_ASSIGNMENT,
    WRONG_PLANE,
    REMOVED_BY_NOT_ACTIONS,
    ELIGIBLE_THROUGH_PIM,
    NO_GRANT,
    CONDITION,
    STORAGE_NETWORK,
    GRANTED,
    GRANTED_RECENTLY,
    RECENT_DENIALS,
    NOT_READ
  }
}
