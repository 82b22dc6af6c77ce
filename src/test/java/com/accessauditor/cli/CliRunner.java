package com.accessauditor.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and keeps what it printed. */
public final class CliRunner {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  public int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  /** With these app settings instead of the process environment. */
  public int run(java.util.Map<String, String> settings, String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), settings, args);
  }

  public String out() {
    return out.toString();
  }

  public String err() {
    return err.toString();
  }
}
