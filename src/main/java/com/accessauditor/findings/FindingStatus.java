package com.accessauditor.findings;

import java.util.Locale;

public enum FindingStatus {
  OPEN,
  RESOLVED,
  SUPPRESSED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
