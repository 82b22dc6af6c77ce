package com.accessauditor.model;

/** Bounded rendering of untrusted values for messages and logs. */
public final class Text {
  private static final int MAX = 200;

  private Text() {}

  /** Cuts a value to a length a log line can carry and replaces control characters. */
  public static String clip(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX + 20));
    for (int i = 0; i < value.length() && i < MAX; i++) {
      char c = value.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    if (value.length() > MAX) {
      out.append("…(").append(value.length()).append(" chars)");
    }
    return out.toString();
  }
}
