package com.accessauditor.model;

/**
 * Renders untrusted values (display names, role names, event ids, claims, pasted text) so that a terminal or
 * a log shows them and never obeys them: control characters, escape sequences, line breaks, bidirectional
 * overrides and lone surrogates come out as visible escapes (a backslash and the code in hex, or {@code \n}).
 */
public final class Text {
  private static final int MAX = 200;

  private Text() {}

  /** Cuts a value to a length a log line can carry, with every unsafe character shown as an escape. */
  public static String clip(String value) {
    if (value == null) {
      return "null";
    }
    String cut = value.length() > MAX ? value.substring(0, MAX) : value;
    return safe(cut) + (value.length() > MAX ? "…(" + value.length() + " chars)" : "");
  }

  /** The whole value on one line, with every unsafe character shown as an escape. */
  public static String safe(String value) {
    return value == null ? "null" : escaped(value, Text::unsafe);
  }

  /** Whether the value would be changed by {@link #safe}. */
  public static boolean isSafe(String value) {
    return value == null || first(value, Text::unsafe) < 0;
  }

  /** Whether the value is well-formed UTF-16: every surrogate in a pair. Table Storage refuses anything else. */
  public static boolean isWellFormed(String value) {
    return first(value, Character::isSurrogate) < 0;
  }

  /**
   * The value with each lone surrogate written as its JSON escape (a backslash, u and four hex digits), the
   * rest as it is: what Table Storage can keep of text that is not well-formed. In JSON it means the same.
   */
  public static String wellFormed(String value) {
    return escaped(value, Character::isSurrogate);
  }

  /** A character named so that a reader can find it: {@code U+001B}. */
  public static String codePoint(char c) {
    return String.format("U+%04X", (int) c);
  }

  /** Characters that {@link #first} and {@link #escaped} judge one by one; a surrogate pair is never split. */
  private interface Judged {
    boolean test(char c);
  }

  /** Where the first character {@code which} picks out stands (a whole surrogate pair never does), or -1. */
  private static int first(String value, Judged which) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (which.test(c)) {
        return i;
      }
    }
    return -1;
  }

  /** The value with each character {@code which} picks out written as an escape. */
  private static String escaped(String value, Judged which) {
    int first = first(value, which);
    if (first < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 16).append(value, 0, first);
    for (int i = first; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        out.append(c).append(value.charAt(++i));
      } else if (which.test(c)) {
        out.append(escape(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** C0 and C1 controls (ESC, CSI, CR, LF, ...), DEL, bidi overrides and isolates, line separators, surrogates. */
  public static boolean unsafe(char c) {
    return Character.isISOControl(c) || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
        || c == '\u2028' || c == '\u2029' || c == '\u200E' || c == '\u200F' || c == '\u061C' || Character.isSurrogate(c);
  }

  private static String escape(char c) {
    return switch (c) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> String.format("\\u%04x", (int) c);
    };
  }
}
