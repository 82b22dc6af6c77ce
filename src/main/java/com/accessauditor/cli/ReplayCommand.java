package com.accessauditor.cli;

import com.accessauditor.model.InputFile;
import com.accessauditor.app.AuditorApp;
import com.accessauditor.events.EventCaptureService;
import com.accessauditor.events.EventResult;
import com.accessauditor.model.StoreUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `replay FILE...`: feeds Event Grid or CloudEvents payload files through the event handler. */
@Command(name = "replay",
    footerHeading = "%nExamples:%n",
    footer = {"  access-auditor replay --snapshot export/ events/roleAssignment_write.json",
        "  access-auditor replay --poison --store azurite"},
    mixinStandardHelpOptions = true,
    description = "Feed Event Grid / CloudEvents payload files (one event or an array, either schema) through"
        + " the event handler and print what was recorded and which findings were raised.")
final class ReplayCommand implements Callable<Integer> {
  /** Event Grid sends at most 1 MB per event; a saved delivery of thousands of them stays under this. */
  static final long MAX_FILE_BYTES = 256L << 20;

  @Mixin AppOptions appOptions = new AppOptions();

  @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
      description = "text (default) or json: one JSON object per line.")
  String output;

  @Option(names = "--poison",
      description = "Replay the events kept in the poison table of --store (after a fix); replayed ones leave it.")
  boolean poison;

  @Parameters(arity = "0..*", paramLabel = "FILE", description = "Payload files.")
  List<Path> files = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Choices.valid(err, "--output", output, "text", "json")) {
      return Main.BAD_INPUT;
    }
    if (files.isEmpty() && !poison) {
      err.println("error: give payload FILEs to replay, or --poison to replay the poison table");
      return Main.BAD_INPUT;
    }
    Printer printer = new Printer(out, output.equals("json"));
    List<String> problems = new ArrayList<>();
    AuditorApp app;
    try {
      app = appOptions.app(problems, printer);
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("error: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    try {
      if (poison) {
        printer.heading("poison table");
        for (EventCaptureService.PoisonReplay r : app.capture().replayPoison()) {
          if (r.results().isEmpty()) {
            problems.add("poison " + r.event().receiptId() + " (event " + r.event().eventId() + ") cannot be"
                + " replayed: the whole event was not kept (over the table's property size); ask the sender to redeliver it");
          }
          r.results().forEach(result -> printer.result("poison " + r.event().receiptId(), result));
          if (!r.cleared() && !r.results().isEmpty()) {
            problems.add("poison " + r.event().receiptId() + " (event " + r.event().eventId() + ") still fails; it"
                + " stays in the poison table");
          }
        }
      }
      for (Path file : files) {
        String body;
        try {
          body = InputFile.read(file, MAX_FILE_BYTES);
        } catch (InputFile.Refused e) {
          problems.add(e.getMessage());
          continue;
        } catch (IOException | RuntimeException e) {
          problems.add(file + ": cannot be read: " + e);
          continue;
        }
        printer.heading(file.toString());
        for (EventResult r : app.capture().handle(body, file.getFileName().toString())) {
          printer.result(file.toString(), r);
          if (r.status() == EventResult.Status.POISONED) {
            problems.add(file + ": event " + (r.index() + 1) + ": " + r.message());
          }
        }
      }
    } catch (StoreUnavailableException e) {
      err.println("error: " + StoreTrouble.explain(e, appOptions.store));
      return Main.UNAVAILABLE;
    } finally {
      out.flush();
    }
    appOptions.deliver(app);
    out.flush();
    err.println(appOptions.alertsLine(app));
    problems.forEach(p -> err.println("error: " + p));
    return problems.isEmpty() ? Main.OK : Main.BAD_INPUT;
  }
}
