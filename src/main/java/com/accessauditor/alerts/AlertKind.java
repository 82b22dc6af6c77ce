package com.accessauditor.alerts;

/** Why a finding is alerted: it is new, back, worse, fixed, or has more consequences than it was told with. */
public enum AlertKind {
  OPENED,
  REOPENED,
  ESCALATED,
  RESOLVED,
  /** A root already told: findings that follow from it arrived since, and are told in its thread. */
  FOLLOW_UP
}
