package com.accessauditor.alerts;

/** Why a finding is alerted: it is new, back, worse, or fixed. */
public enum AlertKind {
  OPENED,
  REOPENED,
  ESCALATED,
  RESOLVED
}
