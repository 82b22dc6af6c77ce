package com.accessauditor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `java -jar target/access-auditor.jar <command>`: the same services the Functions call. */
@Command(
    name = "access-auditor",
    mixinStandardHelpOptions = true,
    version = "access-auditor 0.1.0",
    description = "Audits Azure RBAC and managed identities: captured changes, findings and their fixes.",
    subcommands = {DemoCommand.class, ReplayCommand.class, SweepCommand.class, FindingsCommand.class, SuppressCommand.class,
        DiagnoseCommand.class, WhoCanCommand.class, ServeCommand.class, AzuriteCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok", "1:a store or the tenant could not be reached (or, for who-can and diagnose, read enough)",
      "2:bad usage or unreadable input",
      "3:sweep --fail-on: an open finding at or above that severity; diagnose: denied"
    })
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int UNAVAILABLE = 1;
  public static final int BAD_INPUT = 2;
  /** A finding at or above --fail-on is open. */
  public static final int FINDINGS = 3;

  private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("com.accessauditor");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'demo' or 'replay --help'.");
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs a command line with the given output streams and returns its exit code (tests call this). */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    return run(out, err, System.getenv(), args);
  }

  /** The app settings the commands read: the process environment, or what a test gives. */
  private static final ThreadLocal<java.util.Map<String, String>> SETTINGS =
      ThreadLocal.withInitial(System::getenv);

  /** "; 4 finding(s) told with their root cause, not on their own", or nothing. */
  static String joinedLine(com.accessauditor.alerts.AlertDelivery.Report r) {
    return (r.joined() == 0 ? "" : "; " + r.joined() + " finding(s) told with their root cause, not on their own")
        + (r.held() == 0 ? "" : "; " + r.held() + " wait up to an hour for their root cause to be alerted");
  }

  static java.util.Map<String, String> settings() {
    return SETTINGS.get();
  }

  /** As {@link #run(java.io.PrintWriter, java.io.PrintWriter, String...)}, with these app settings. */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, java.util.Map<String, String> settings,
      String... args) {
    SETTINGS.set(java.util.Map.copyOf(settings));
    try {
      return execute(out, err, args);
    } finally {
      SETTINGS.remove();
    }
  }

  /** `--output json` or `csv`: every id whole, nothing laid out for a terminal. */
  private static boolean machineReadable(String... args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value = a.startsWith("--output=") ? a.substring(9) : a.equals("--output") && i + 1 < args.length
          ? args[i + 1] : "";
      if (value.equals("json") || value.equals("csv")) {
        return true;
      }
    }
    return false;
  }

  private static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    // The commands print every outcome themselves; library logging would only repeat it.
    QUIET.setLevel(java.util.logging.Level.SEVERE);
    CommandLine cli = new CommandLine(new Main());
    cli.setParameterExceptionHandler((e, a) -> {
      java.io.PrintWriter err2 = e.getCommandLine().getErr();
      err2.println("error: " + e.getMessage());
      if (e instanceof CommandLine.UnmatchedArgumentException unmatched
          && !unmatched.getSuggestions().isEmpty()) {
        err2.println("Did you mean: " + String.join(" or ", unmatched.getSuggestions()) + "?");
      }
      err2.println("Run with --help for usage.");
      return BAD_INPUT;
    });
    cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    TextLayout layout = TextLayout.forTerminal(settings());
    cli.setUsageHelpWidth(layout.width()); // help fits the terminal as the rest of the text does
    boolean text = !machineReadable(args);
    java.io.Writer shownOut = text ? new TextLayoutWriter(new TerminalSafeWriter(out), layout)
        : new TerminalSafeWriter(out);
    java.io.PrintWriter safeOut = new java.io.PrintWriter(shownOut, true);
    java.io.PrintWriter safeErr = new java.io.PrintWriter(new TextLayoutWriter(new TerminalSafeWriter(err), layout),
        true);
    cli.setOut(safeOut);
    cli.setErr(safeErr);
    try {
      return cli.execute(args);
    } finally {
      safeOut.flush();
      safeErr.flush();
    }
  }
}
