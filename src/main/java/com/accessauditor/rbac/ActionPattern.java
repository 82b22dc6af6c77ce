package com.accessauditor.rbac;

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
    // Compared in place, ignoring case: a sweep matches millions of patterns and copies none.
    int star = pattern.indexOf('*');
    if (star < 0) {
      return pattern.equalsIgnoreCase(action);
    }
    int lastStar = pattern.lastIndexOf('*');
    int tail = pattern.length() - lastStar - 1;
    if (action.length() < star + tail || !action.regionMatches(true, 0, pattern, 0, star)
        || !action.regionMatches(true, action.length() - tail, pattern, lastStar + 1, tail)) {
      return false;
    }
    int at = star;
    int end = action.length() - tail;
    int from = star + 1;
    while (from <= lastStar) {
      int next = pattern.indexOf('*', from);
      int length = next - from;
      if (length > 0) {
        int found = indexOfIgnoringCase(action, at, end, pattern, from, length);
        if (found < 0) {
          return false;
        }
        at = found + length;
      }
      from = next + 1;
    }
    return true;
  }

  /** Where pattern[from, from + length) first occurs in action[at, end), or -1. */
  private static int indexOfIgnoringCase(String action, int at, int end, String pattern, int from, int length) {
    for (int i = at; i + length <= end; i++) {
      if (action.regionMatches(true, i, pattern, from, length)) {
        return i;
      }
    }
    return -1;
  }
}
