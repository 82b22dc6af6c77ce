package com.accessauditor.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An Entra object id. Event Grid evidence writes GUIDs as 32 hex digits without hyphens; everything else
 * uses the hyphenated form. Both parse to the same lower-case hyphenated value.
 */
public record PrincipalId(String value) {
  private static final Pattern HYPHENATED =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern BARE = Pattern.compile("[0-9a-f]{32}");

  public PrincipalId {
    if (value == null || !HYPHENATED.matcher(value).matches()) {
      throw new IllegalArgumentException("'principalId' must be a GUID, got: " + Text.clip(value));
    }
  }

  public static PrincipalId parse(String raw) {
    if (raw == null) {
      throw new IllegalArgumentException("'principalId' cannot be null.");
    }
    String v = raw.trim().toLowerCase(Locale.ROOT);
    if (BARE.matcher(v).matches()) {
      v = v.substring(0, 8) + "-" + v.substring(8, 12) + "-" + v.substring(12, 16) + "-"
          + v.substring(16, 20) + "-" + v.substring(20);
    }
    return new PrincipalId(v);
  }

  public static boolean isGuid(String raw) {
    if (raw == null) {
      return false;
    }
    String v = raw.trim().toLowerCase(Locale.ROOT);
    return HYPHENATED.matcher(v).matches() || BARE.matcher(v).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
