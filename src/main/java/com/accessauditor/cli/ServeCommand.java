package com.accessauditor.cli;

import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Stores;
import com.accessauditor.app.Tenant;
import com.accessauditor.functions.LocalFunctionsHost;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `serve`: the diagnose page and the other HTTP functions on this machine, without the Functions host. */
@Command(name = "serve",
    footerHeading = "%nExamples:%n",
    footer = {"  access-auditor serve                      # live Azure, as your az login", "  access-auditor serve --snapshot export/ --port 8080"},
    mixinStandardHelpOptions = true,
    description = {"Serve the HTTP functions' handlers on 127.0.0.1: the diagnose page (GET /api/diagnose),",
        "POST /api/diagnose, /api/findings and /api/who-can, as the functions answer them. A key made at",
        "start is required (the printed address carries it). Runs until Ctrl-C."})
final class ServeCommand implements Callable<Integer> {
  @Mixin TenantOptions tenant;

  @Option(names = "--port", paramLabel = "P", defaultValue = "7071",
      description = "The port on 127.0.0.1 (default 7071, the Functions host's; 0 for any free one).")
  int port;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (port < 0 || port > 65535) {
      err.println("error: --port must be between 0 and 65535, got: " + port);
      return Main.BAD_INPUT;
    }
    Stores stores;
    try {
      stores = tenant.stores();
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    List<String> problems = new ArrayList<>();
    Tenant source = tenant.tenant(problems);
    problems.forEach(p -> err.println("warning: " + p));
    AuditorApp app = AuditorApp.forCommandLine(Main.settings(), source, stores, false);
    CountDownLatch stop = new CountDownLatch(1); // never released: the server runs until the process stops
    try (LocalFunctionsHost host = LocalFunctionsHost.start(port, () -> app)) {
      out.println("Serving on 127.0.0.1:" + host.port() + " (" + (tenant.snapshot != null ? "snapshot "
          + tenant.snapshot : "live Azure, as DefaultAzureCredential: your az login") + ").");
      out.println("Open the diagnose page (the address carries this run's key; keep it to yourself):");
      out.println("  " + host.url("/api/diagnose"));
      out.println("Also: " + host.url("/api/findings").replace(host.key(), "<key>") + " and /api/who-can."
          + " Ctrl-C stops it.");
      out.flush();
      stop.await();
      return Main.OK;
    } catch (IOException e) {
      err.println("error: cannot serve on 127.0.0.1:" + port + ": " + e.getMessage()
          + (port == 7071 ? " (is the Functions host running? give --port)" : " (give another --port)"));
      return Main.UNAVAILABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Main.OK;
    }
  }
}
