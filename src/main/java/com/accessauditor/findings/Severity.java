package com.accessauditor.findings;

import java.util.Locale;

/** Finding severity, highest first; stored lower-case. */
public enum Severity {
  CRITICAL,
  HIGH,
  MEDIUM,
  LOW,
  INFO;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** One step less severe; INFO stays INFO. */
  public Severity lower() {
    return this == INFO ? INFO : values()[ordinal() + 1];
  }

  public boolean atLeast(Severity other) {
    return ordinal() <= other.ordinal();
  }

  public static Severity parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "unknown severity '" + value + "': use critical, high, medium, low or info", e);
    }
  }
}
