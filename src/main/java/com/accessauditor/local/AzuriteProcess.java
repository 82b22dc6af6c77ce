package com.accessauditor.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Azurite's Table and Queue services, installed by the project from its npm lockfile (`npm ci`, run by the
 * Maven build), each started on a free loopback port with in-memory persistence for the demo and the tests.
 */
public final class AzuriteProcess implements AutoCloseable {
  /** Azurite's documented, public development account key; it opens nothing but a local emulator. */
  private static final String DEV_ACCOUNT_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private final Process process;
  private final int port;
  private final Process queueProcess;
  private final int queuePort;
  private final List<String> output = new CopyOnWriteArrayList<>();

  private AzuriteProcess(Process process, int port, Process queueProcess, int queuePort) {
    this.process = process;
    this.port = port;
    this.queueProcess = queueProcess;
    this.queuePort = queuePort;
  }

  /** Finds node_modules/.bin/azurite-table in {@code projectDir} or above it. */
  public static Optional<Path> locate(Path projectDir) {
    return locate(projectDir, "azurite-table");
  }

  private static Optional<Path> locate(Path projectDir, String service) {
    for (Path dir = projectDir.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path bin = dir.resolve("node_modules/.bin/" + service);
      if (Files.isExecutable(bin)) {
        return Optional.of(bin);
      }
    }
    return Optional.empty();
  }

  public static AzuriteProcess start(Path projectDir) throws IOException {
    return start(projectDir, freePort(), Optional.empty());
  }

  /**
   * On a given port, and with {@code location} keeping its data on disk, so the emulator can be stopped and
   * started again with what it held (the tests that take Table Storage away mid-run). The queue service
   * gets a free port of its own.
   */
  public static AzuriteProcess start(Path projectDir, int port, Optional<Path> location) throws IOException {
    return start(projectDir, port, freePort(), location);
  }

  /** On given table and queue ports (the `azurite` command: the ports `UseDevelopmentStorage=true` names). */
  public static AzuriteProcess start(Path projectDir, int port, int queuePort, Optional<Path> location)
      throws IOException {
    Process table = launch(projectDir, "table", port, location);
    Process queue;
    try {
      queue = launch(projectDir, "queue", queuePort, location);
    } catch (IOException e) {
      table.destroy();
      throw e;
    }
    AzuriteProcess azurite = new AzuriteProcess(table, port, queue, queuePort);
    azurite.drainOutput(table);
    azurite.drainOutput(queue);
    azurite.awaitListening(table, port, Duration.ofSeconds(60));
    azurite.awaitListening(queue, queuePort, Duration.ofSeconds(60));
    Runtime.getRuntime().addShutdownHook(new Thread(azurite::close));
    return azurite;
  }

  private static Process launch(Path projectDir, String service, int port, Optional<Path> location)
      throws IOException {
    Path bin = locate(projectDir, "azurite-" + service).orElseThrow(() -> new IOException(
        "Azurite is not installed under " + projectDir.toAbsolutePath()
            + ": run `npm ci` in the project folder (the Maven build does it on first run)."));
    List<String> command = new java.util.ArrayList<>(List.of(bin.toString(), "--disableTelemetry",
        "--skipApiVersionCheck", "--" + service + "Host", "127.0.0.1", "--" + service + "Port", Integer.toString(port)));
    if (location.isPresent()) {
      command.addAll(List.of("--location", location.get().toString()));
    } else {
      command.add("--inMemoryPersistence");
    }
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  public int port() {
    return port;
  }

  public int queuePort() {
    return queuePort;
  }

  public String connectionString() {
    return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + DEV_ACCOUNT_KEY
        + ";TableEndpoint=http://127.0.0.1:" + port + "/devstoreaccount1"
        + ";QueueEndpoint=http://127.0.0.1:" + queuePort + "/devstoreaccount1;";
  }

  /**
   * Stops the emulator the way Ctrl-C does (SIGINT), so one started with a location writes its data out
   * first: the table service only saves every 5 s on its own, and SIGTERM does not save.
   */
  public void stopGracefully() {
    stop(queueProcess);
    try {
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
      kill.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      if (process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
        return;
      }
    } catch (IOException e) {
      // no kill command: fall through to a plain stop
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
  }

  /** Stops the emulator (its data is in memory and goes with it). */
  @Override
  public void close() {
    stop(queueProcess);
    stop(process);
  }

  private static void stop(Process p) {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void drainOutput(Process process) {
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (output.size() < 200) {
            output.add(line);
          }
        }
      } catch (IOException e) {
        // the process ended; nothing more to read
      }
    }, "azurite-output");
    reader.setDaemon(true);
    reader.start();
  }

  private void awaitListening(Process process, int port, Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("Azurite exited with code " + process.exitValue() + ": " + String.join("\n", output));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep();
      }
    }
    close();
    throw new IOException("Azurite did not listen on port " + port + " within " + timeout.toSeconds() + " s: "
        + String.join("\n", output));
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
