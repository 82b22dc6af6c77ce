package com.accessauditor.cli;

import com.accessauditor.findings.Finding;

import com.accessauditor.alerts.AlertDelivery;
import com.accessauditor.app.Alerting;
import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Stores;
import com.accessauditor.app.Tenant;
import com.accessauditor.azure.StorageAccount;
import com.accessauditor.baseline.Baseline;
import com.accessauditor.baseline.BaselineException;
import com.accessauditor.baseline.BaselineFile;
import com.accessauditor.diagnose.AccessQuestion;
import com.accessauditor.diagnose.Diagnosis;
import com.accessauditor.diagnose.DiagnosisOutput;
import com.accessauditor.events.EventResult;
import com.accessauditor.sweep.SweepReport;
import com.accessauditor.sweep.SweepRunner;
import java.util.Optional;
import com.accessauditor.detect.AzCommand;
import com.accessauditor.local.AzuriteProcess;
import com.accessauditor.snapshot.SnapshotTenant;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `demo`: the event path end to end on a sample tenant that ships in the jar, against Azurite started
 * from the project's npm lockfile. Monday: grants and an app's identity are captured. Tuesday: the app is
 * redeployed with a new identity, an Owner grant is removed, a guest gets Contributor. Wednesday: the
 * scheduled sweep compares the tenant with a baseline and finds what the events alone cannot.
 */
@Command(name = "demo",
    footerHeading = "%nExamples:%n",
    footer = {"  access-auditor demo", "  access-auditor demo --keep   (then try the commands it prints)"},
    mixinStandardHelpOptions = true,
    description = "Run the whole pipeline on the embedded sample tenant and print what each user would see.")
final class DemoCommand implements Callable<Integer> {
  private static final List<String> TENANT_FILES = List.of(
      SnapshotTenant.ROLE_ASSIGNMENTS, SnapshotTenant.ROLE_DEFINITIONS, SnapshotTenant.PRINCIPALS,
      SnapshotTenant.DELETED_PRINCIPALS, SnapshotTenant.SITES, SnapshotTenant.IDENTITIES, SnapshotTenant.APP_SETTINGS,
      SnapshotTenant.ROLE_ELIGIBILITIES, SnapshotTenant.ACTIVE_ASSIGNMENTS);
  private static final List<String> EVENTS =
      List.of("1-monday.json", "2-tuesday.json", "3-batch-with-a-broken-event.json");

  private static final String RG = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-app";
  private static final String FUNC_ORDERS = RG + "/providers/Microsoft.Web/sites/func-orders";
  private static final String STORAGE = RG + "/providers/Microsoft.Storage/storageAccounts/stordersdata";
  /** As Storage answers (x-ms-error-code AuthorizationPermissionMismatch), from the samples. */
  private static final String STORAGE_403 = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>"
      + "AuthorizationPermissionMismatch</Code><Message>This request is not authorized to perform this operation"
      + " using this permission.</Message></Error>";

  @Option(names = "--store", paramLabel = "azurite|memory", defaultValue = "azurite",
      description = "azurite (default: started from node_modules) or memory.")
  String store;

  @Option(names = "--output", paramLabel = "text|json", defaultValue = "text")
  String output;

  @Option(names = "--keep", description = "Keep Azurite running afterwards, on the ports --store azurite uses, and"
      + " print commands to explore what the demo left (until Ctrl-C).")
  boolean keep;

  @Option(names = "--port", hidden = true, defaultValue = "10002", description = "With --keep: the Table port.")
  int port;

  @Option(names = "--queue-port", hidden = true, defaultValue = "10001", description = "With --keep: the Queue port.")
  int queuePort;

  @Option(names = "--for", hidden = true, description = "With --keep: stop after this long (for tests).")
  java.time.Duration keepFor;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, BaselineException {
    PrintWriter out = spec.commandLine().getOut();
    if (!Choices.valid(spec.commandLine().getErr(), "--output", output, "text", "json")) {
      return Main.BAD_INPUT;
    }
    if (keep && !store.equals("azurite")) {
      spec.commandLine().getErr().println("error: --keep keeps Azurite running: it needs --store azurite");
      return Main.BAD_INPUT;
    }
    Printer printer = new Printer(out, "json".equals(output));
    Path work = Files.createTempDirectory("access-auditor-demo");
    Tenant monday = Tenant.of(SnapshotTenant.load(extract("day1", work)));
    SnapshotTenant tuesdaySnapshot = SnapshotTenant.load(extract("day2", work));
    Tenant tuesday = Tenant.of(tuesdaySnapshot);
    copy("/demo/baseline.yaml", work.resolve("baseline.yaml"));
    AzuriteProcess azurite = null;
    Stores stores;
    if (store.equals("memory")) {
      stores = Stores.inMemory();
      printer.text("Store: in memory.");
    } else {
      try {
        azurite = keep ? AzuriteProcess.start(Path.of("."), port, queuePort, Optional.empty())
            : AzuriteProcess.start(Path.of("."));
        stores = Stores.of(StorageAccount.withConnectionString(azurite.connectionString()));
        printer.text("Store: Azurite Table service on 127.0.0.1:" + azurite.port()
            + " (tables changes, findings, assignments, identities, poison).");
      } catch (IOException e) {
        spec.commandLine().getErr().println("warning: " + e.getMessage() + " Falling back to the in-memory store.");
        stores = Stores.inMemory();
      }
    }
    try {
      Alerting alerting = Alerting.of(List.of(new ConsoleChannel(printer)));
      AuditorApp mondayApp = new AuditorApp(monday, stores, Clock.systemUTC(), List.of(), Optional.empty(), alerting);
      AuditorApp tuesdayApp = new AuditorApp(tuesday, stores, Clock.systemUTC(), List.of(), Optional.empty(), alerting);
      printer.heading("Monday: events from the subscription's Event Grid system topic");
      replay(mondayApp, work, EVENTS.get(0), printer);
      deliver(mondayApp, printer);
      printer.heading("Tuesday: func-orders is redeployed, Jordan's Owner grant is removed");
      replay(tuesdayApp, work, EVENTS.get(1), printer);
      printer.heading("Tuesday: a batch in which one event is broken (the good one is still captured)");
      replay(tuesdayApp, work, EVENTS.get(2), printer);
      deliver(tuesdayApp, printer);
      printer.heading("Event Grid redelivers everything (at-least-once delivery): nothing is added");
      int duplicates = 0;
      for (String name : EVENTS) {
        for (EventResult r : tuesdayApp.capture().handle(Files.readString(work.resolve(name)), name)) {
          duplicates += r.status() == EventResult.Status.DUPLICATE ? 1 : 0;
        }
      }
      printer.text("  " + duplicates + " events recognised as already recorded; "
          + stores.changes().list().size() + " change rows, " + stores.findings().list().size() + " finding rows.");
      deliver(tuesdayApp, printer);

      printer.heading("Operations: the `changes` table (who changed what, when, from where)");
      stores.changes().list().forEach(printer::change);

      printer.heading("Wednesday: the scheduled sweep against the declared baseline (demo/baseline.yaml), one"
          + " queue message per subscription, two workers, then the final step across subscriptions");
      Baseline baseline = BaselineFile.read(work.resolve("baseline.yaml"));
      SweepReport report = tuesdayApp.runner().run(tuesdaySnapshot.subscriptions(), Optional.of(baseline), 2,
          SweepRunner.LEASE, java.time.Duration.ZERO, line -> printer.text("  " + line));
      printer.sweep(report);
      deliver(tuesdayApp, printer);
      printer.heading("On-call: func-orders logs a 403 from its storage account; the error is pasted into `diagnose`");
      Diagnosis diagnosis = tuesdayApp.diagnosis().diagnose(AccessQuestion.of(Optional.of(FUNC_ORDERS),
          Optional.of(STORAGE), Optional.empty(), Optional.of(STORAGE_403)));
      if (printer.json()) {
        out.println(DiagnosisOutput.json(diagnosis).put("type", "diagnosis"));
      } else {
        out.print(DiagnosisOutput.text(diagnosis).indent(2));
      }
      printer.heading("Security: the `findings` table, one row per problem (event and sweep)");
      List<Finding> table = stores.findings().list().stream().sorted(Finding.MOST_SEVERE_FIRST).toList();
      if (printer.json()) {
        table.forEach(printer::findingLine);
      } else {
        // Grouped as `findings --group` shows them: the recycle with what followed from it.
        new FindingsTable(TextLayout.forTerminal(Main.settings()).width() - 2).lines(table, true)
            .forEach(l -> out.println("  " + l));
      }
      printer.heading("Kept for replay: the `poison` table");
      stores.poison().list().forEach(printer::poison);
      if (keep && azurite != null) {
        explore(out, azurite, work);
      }
      out.flush();
      return Main.OK;
    } finally {
      if (azurite != null) {
        azurite.close();
      }
    }
  }

  /** Says what to try against what the demo left, and keeps Azurite running until Ctrl-C. */
  private void explore(PrintWriter out, AzuriteProcess azurite, Path work) {
    String jar = "java -jar target/access-auditor.jar";
    String tuesday = work.resolve("day2").toString();
    out.println();
    out.println("Azurite keeps running (Table 127.0.0.1:" + azurite.port() + ", Queue 127.0.0.1:" + azurite.queuePort()
        + ") with what the demo wrote. In another terminal, try:");
    out.println("  " + jar + " findings --store azurite --severity high");
    out.println("  " + jar + " who-can --snapshot " + AzCommand.quote(tuesday) + " \\");
    out.println("      --scope /subscriptions/11111111-2222-3333-4444-555555555555 \\");
    out.println("      --action Microsoft.Authorization/roleAssignments/write");
    out.println("  " + jar + " diagnose --snapshot " + AzCommand.quote(tuesday) + " --store azurite \\");
    out.println("      --principal " + FUNC_ORDERS + " \\");
    out.println("      --scope " + STORAGE + " \\");
    out.println("      --action Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read");
    out.println("Stop it with Ctrl-C.");
    out.flush();
    try {
      if (keepFor != null) {
        Thread.sleep(keepFor.toMillis());
      } else {
        new java.util.concurrent.CountDownLatch(1).await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The outbox timer's work: one alert per problem, a notice when one is resolved, nothing twice. */
  private static void deliver(AuditorApp app, Printer printer) {
    printer.text("");
    AlertDelivery.Report report = app.alerts().deliverDue();
    printer.text("  (alert outbox: " + report.sent() + " alert(s) delivered to the console channel"
        + Main.joinedLine(report) + ")");
  }

  private static void replay(AuditorApp app, Path work, String name, Printer printer) throws IOException {
    for (EventResult r : app.capture().handle(Files.readString(work.resolve(name)), name)) {
      printer.result(name, r);
    }
  }

  /** Copies one embedded folder (and the events) out of the jar, so the snapshot reader reads real files. */
  private static Path extract(String day, Path work) throws IOException {
    Path folder = Files.createDirectories(work.resolve(day));
    for (String file : TENANT_FILES) {
      copy("/demo/" + day + "/" + file, folder.resolve(file));
    }
    for (String file : EVENTS) {
      copy("/demo/events/" + file, work.resolve(file));
    }
    return folder;
  }

  private static void copy(String resource, Path target) throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream(resource)) {
      if (in != null) {
        Files.writeString(target, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }
}
