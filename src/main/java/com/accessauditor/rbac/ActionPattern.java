package com.accessauditor.rbac;

import java.util.Locale;

/**
 * RBAC action patterns: case-insensitive, '*' matches any run of characters (including '/'). Used for
 * role actions, deny assignments, baseline scopes and suppression patterns alike.
 *
 * <p>Matched without backtracking: the text between wildcards must appear in order, the first piece at the
 * start and the last at the end, so the leftmost place for each middle piece is always a right choice. A
 * custom role's {@code a*a*a*a*...b} against a long action costs one scan, not an exponential search.
 */
public final class ActionPattern {
  /** Longer than any real action or ARM id; longer input is refused, not matched. */
  public static final int MAX_LENGTH = 4096;

  private ActionPattern() {}

  public static boolean matches(String pattern, String action) {
    if (pattern.length() > MAX_LENGTH || action.length() > MAX_LENGTH) {
      return false;
    }
    String p = pattern.toLowerCase(Locale.ROOT);
    String a = action.toLowerCase(Locale.ROOT);
    int star = p.indexOf('*');
    if (star < 0) {
      return p.equals(a);
    }
    String head = p.substring(0, star);
    int lastStar = p.lastIndexOf('*');
    String tail = p.substring(lastStar + 1);
    if (a.length() < head.length() + tail.length() || !a.startsWith(head) || !a.endsWith(tail)) {
      return false;
    }
    int at = head.length();
    int end = a.length() - tail.length();
    int from = star + 1;
    while (from <= lastStar) {
      int next = p.indexOf('*', from);
      String piece = p.substring(from, next);
      if (!piece.isEmpty()) {
        int found = a.indexOf(piece, at);
        if (found < 0 || found + piece.length() > end) {
          return false;
        }
        at = found + piece.length();
      }
      from = next + 1;
    }
    return true;
  }
}
