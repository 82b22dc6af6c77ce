package com.accessauditor.cli;

import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Settings;
import com.accessauditor.baseline.Baseline;
import com.accessauditor.baseline.BaselineException;
import com.accessauditor.baseline.BaselineFile;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.Scope;
import com.accessauditor.model.StoreUnavailableException;
import com.accessauditor.model.Text;
import com.accessauditor.sweep.SweepReport;
import com.accessauditor.sweep.SweepRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `sweep`: drift, orphan, recycle and settings sweep over a tenant or a snapshot of one. */
@Command(name = "sweep",
    footerHeading = "%nExamples:%n",
    footer = {"  access-auditor sweep --snapshot export/ --baseline baseline.yaml --fail-on high",
        "  access-auditor sweep --scope <subscription id>,<subscription id> --store azurite \\",
        "      --alerts console"},
    mixinStandardHelpOptions = true,
    description = "Sweep the configured scopes: list role assignments, definitions, apps and identities,"
        + " run every detector, record findings (a re-run updates them; fixed ones are resolved).")
final class SweepCommand implements Callable<Integer> {
  @Mixin AppOptions appOptions = new AppOptions();

  @Option(names = "--baseline", paramLabel = "FILE",
      description = "Declared access (YAML or JSON) for MISSING_ASSIGNMENT / UNEXPECTED_ASSIGNMENT.")
  Path baseline;

  @Option(names = "--scope", paramLabel = "SCOPE", split = ",",
      description = "Subscription ids or scope ids to sweep. Default: AUDITOR_SCOPES, or with --snapshot every"
          + " subscription in it.")
  List<String> scopes = new ArrayList<>();

  @Option(names = "--output", paramLabel = "table|json", defaultValue = "table",
      description = "table (default): grouped by severity with the fix; json: one object per line.")
  String output;

  @Option(names = "--fail-on", paramLabel = "SEVERITY",
      description = "Exit 3 when an open finding is at or above this severity (critical|high|medium|low|info).")
  String failOn;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "2",
      description = "Workers in this process, each sweeping one subscription at a time from the run's queue (in"
          + " --store's queues), as the queue-triggered functions do; then the final step joins what needs more"
          + " than one subscription. 0 sweeps in one pass without queues, holding the whole tenant in memory."
          + " Default: 2.")
  int parallel;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Choices.valid(err, "--output", output, "table", "json")) {
      return Main.BAD_INPUT;
    }
    if (parallel < 0 || parallel > 64) {
      err.println("error: --parallel must be 0 to 64 (workers in this process), got " + parallel);
      return Main.BAD_INPUT;
    }
    Optional<Severity> gate;
    Optional<Baseline> declared = Optional.empty();
    List<String> problems = new ArrayList<>();
    AuditorApp app;
    List<Scope> swept;
    Printer printer = new Printer(out, output.equals("json"));
    try {
      gate = Optional.ofNullable(failOn).map(Severity::parse);
      if (baseline != null) {
        declared = Optional.of(BaselineFile.read(baseline));
      }
      app = appOptions.app(problems, printer);
      swept = scopes.isEmpty()
          ? (appOptions.snapshot != null ? appOptions.snapshotScopes()
              : Settings.scopes(Main.settings().getOrDefault(Settings.SCOPES, "")))
          : Settings.scopes(String.join(",", scopes));
    } catch (IllegalArgumentException | IllegalStateException | BaselineException e) {
      err.println("error: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    if (swept.isEmpty()) {
      err.println("error: nothing to sweep: give --scope (subscription ids or scope ids), set "
          + Settings.SCOPES + ", or use a --snapshot that holds role assignments or apps");
      problems.forEach(p -> err.println("error: " + p));
      return Main.BAD_INPUT;
    }
    SweepReport report;
    try {
      Optional<Baseline> b = declared;
      // JSON lines go out as each subscription is swept: a run over thousands is never held to be printed.
      report = parallel == 0 ? app.sweep().run(swept, b, line -> printer.progress(line, err))
          : app.runner().run(swept, b, parallel, SweepRunner.LEASE,
              appOptions.snapshot != null ? Duration.ZERO : SweepRunner.LIVE_PACE, line -> printer.progress(line, err),
              printer.json() ? printer::finding : f -> { });
    } catch (StoreUnavailableException e) {
      err.println("error: " + StoreTrouble.explain(e, appOptions.store));
      return Main.UNAVAILABLE;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println("error: fix the baseline and run again");
      return Main.BAD_INPUT;
    }
    printer.sweep(report, parallel > 0 && printer.json());
    appOptions.deliver(app);
    out.flush();
    err.println(appOptions.alertsLine(app));
    problems.forEach(p -> err.println("error: " + p));
    if (!problems.isEmpty()) {
      return Main.BAD_INPUT;
    }
    List<Finding> gating = gate.map(report::openAtOrAbove).orElse(List.of());
    if (!gating.isEmpty()) {
      int count = report.openCountAtOrAbove(gate.get());
      err.println("exit 3: " + count + " open finding(s) at or above " + gate.get().label() + " (--fail-on):");
      gating.stream().limit(5).forEach(f -> err.println("  - [" + f.severity().label() + "] " + Text.clip(f.title())
          + "  (" + f.fingerprint() + ")"));
      if (count > 5) {
        err.println("  and " + (count - 5) + " more: access-auditor findings --status open --severity "
            + gate.get().label());
      }
      return Main.FINDINGS;
    }
    return Main.OK;
  }
}
