package com.accessauditor.cli;

import com.accessauditor.local.AzuriteProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `azurite`: the local Table and Queue Storage, for `--store azurite` and for trying the commands. */
@Command(name = "azurite",
    footerHeading = "%nExamples:%n",
    footer = {"  access-auditor azurite --location .azurite"},
    aliases = "local", mixinStandardHelpOptions = true,
    description = {"Start Azurite, the local Table and Queue Storage, on the ports `--store azurite` uses, and keep"
        + " it running until Ctrl-C."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped", "1:Azurite could not be started (not installed, or the ports are taken)",
        "2:bad usage"})
final class AzuriteCommand implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "N", defaultValue = "10002",
      description = "The Table service's port (default 10002, what UseDevelopmentStorage=true names).")
  int port;

  @Option(names = "--queue-port", paramLabel = "N", defaultValue = "10001",
      description = "The Queue service's port (default 10001).")
  int queuePort;

  @Option(names = "--location", paramLabel = "DIR",
      description = "Keep the data in this folder (it survives a restart); by default it is in memory.")
  Path location;

  @Option(names = "--for", paramLabel = "DURATION", hidden = true,
      description = "Stop after this long (ISO-8601, e.g. PT10S), for scripts and tests.")
  Duration stopAfter;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AzuriteProcess azurite;
    try {
      azurite = AzuriteProcess.start(Path.of("."), port, queuePort, Optional.ofNullable(location));
    } catch (IOException e) {
      err.println("error: Azurite did not start: " + e.getMessage() + " If the ports are taken, give --port and"
          + " --queue-port.");
      return Main.UNAVAILABLE;
    }
    try {
      out.println("Azurite: Table service on 127.0.0.1:" + azurite.port() + ", Queue service on 127.0.0.1:"
          + azurite.queuePort() + (location == null ? ", in memory" : ", data in " + location) + ".");
      out.println("Commands given --store azurite use it; for anything else:");
      out.println("  export AZURITE_CONNECTION_STRING='" + azurite.connectionString() + "'");
      out.println("Stop it with Ctrl-C.");
      out.flush();
      if (stopAfter != null) {
        Thread.sleep(stopAfter.toMillis());
      } else {
        new java.util.concurrent.CountDownLatch(1).await();
      }
      return Main.OK;
    } finally {
      azurite.stopGracefully();
    }
  }
}
