package com.accessauditor.model;

import java.util.Locale;

/** RBAC action patterns: case-insensitive, '*' matches any run of characters (including '/'). */
public final class ActionPattern {
  private ActionPattern() {}

  public static boolean matches(String pattern, String action) {
    return matches(pattern.toLowerCase(Locale.ROOT), 0, action.toLowerCase(Locale.ROOT), 0);
  }

  private static boolean matches(String p, int pi, String a, int ai) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        if (pi == p.length() - 1) {
          return true;
        }
        for (int k = ai; k <= a.length(); k++) {
          if (matches(p, pi + 1, a, k)) {
            return true;
          }
        }
        return false;
      }
      if (ai >= a.length() || a.charAt(ai) != c) {
        return false;
      }
      pi++;
      ai++;
    }
    return ai == a.length();
  }
}
