package com.accessauditor.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs the command line in-process and keeps what it printed. Unless made {@link #inTerminalOf} a width, it
 * runs as in a terminal too wide to wrap anything, so tests of what is said are not tests of where lines break.
 */
public final class CliRunner {
  private static final int UNWRAPPED = 1000;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final int columns;

  public CliRunner() {
    this(UNWRAPPED);
  }

  private CliRunner(int columns) {
    this.columns = columns;
  }

  /** As in a terminal of this many columns ({@code COLUMNS}). */
  public static CliRunner inTerminalOf(int columns) {
    return new CliRunner(columns);
  }

  public int run(String... args) {
    return run(System.getenv(), args);
  }

  /** With these app settings instead of the process environment. */
  public int run(java.util.Map<String, String> settings, String... args) {
    java.util.Map<String, String> with = new java.util.HashMap<>(settings);
    with.put("COLUMNS", String.valueOf(columns));
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), with, args);
  }

  public String out() {
    return out.toString();
  }

  public String err() {
    return err.toString();
  }
}
