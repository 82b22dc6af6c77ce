package com.accessauditor.bench;

import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Stores;
import com.accessauditor.app.Tenant;
import com.accessauditor.azure.AzureEndpoints;
import com.accessauditor.azure.AzureTenant;
import com.accessauditor.functions.EventCaptureFunctionAccess;
import com.accessauditor.support.Azurite;
import com.accessauditor.support.LocalHttpsServer;
import com.accessauditor.support.LocalHttpsServer.Reply;
import com.accessauditor.support.Resources;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import reactor.core.publisher.Mono;

/**
 * Cold start, in the parts that can be measured without the Functions host (Core Tools cannot be installed
 * here): the packaged app's size; a fresh JVM running the packaged jar from start to its first handled event
 * (the CLI's replay, same EventCaptureService), with the classes it loaded; and, in this JVM before anything
 * else touched them, the first event through the Event Grid function with the real Azure SDK clients (ARM
 * and Graph against a local HTTPS server, Table Storage on Azurite) against the second, warm one.
 *
 * <p>Run after {@code mvn package}: {@code bench/run cold-start}.
 */
public final class ColdStartBench {
  public static void main(String[] args) throws Exception {
    sdkFirstEvent();
    packaged();
    jvmToFirstEvent(args.length > 0 ? Integer.parseInt(args[0]) : 5);
  }

  private static void packaged() throws Exception {
    Path app = Path.of("target/azure-functions/access-auditor");
    Path jar = Path.of("target/access-auditor.jar");
    long appBytes;
    int jars;
    try (Stream<Path> files = Files.walk(app)) {
      List<Path> all = files.filter(Files::isRegularFile).toList();
      appBytes = all.stream().mapToLong(p -> p.toFile().length()).sum();
      jars = (int) all.stream().filter(p -> p.toString().endsWith(".jar")).count();
    }
    System.out.printf("packaged app: %.1f MB in %d jars; the app's own jar %.2f MB; CLI jar %.1f MB%n", appBytes / 1e6,
        jars, Files.size(app.resolve("access-auditor.jar")) / 1e6, Files.size(jar) / 1e6);
  }

  /** JVM start to the first handled event, in a new JVM each time, with the classes it loaded. */
  private static void jvmToFirstEvent(int runs) throws Exception {
    Path classes = Files.createTempFile("classes", ".log");
    long[] firstEvent = new long[runs];
    long[] exit = new long[runs];
    long loaded = 0;
    for (int i = 0; i < runs; i++) {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xlog:class+load=info:file=" + classes, "-jar", "target/access-auditor.jar", "replay", "--snapshot",
          "src/test/resources/snapshots/owner-grant", "src/test/resources/events/roleAssignment_write_owner_at_subscription.json"));
      long start = System.nanoTime();
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (firstEvent[i] == 0 && line.contains("RECORDED")) {
            firstEvent[i] = System.nanoTime() - start;
          }
        }
      }
      p.waitFor();
      exit[i] = System.nanoTime() - start;
      try (Stream<String> lines = Files.lines(classes)) {
        loaded = lines.count();
      }
    }
    Arrays.sort(firstEvent);
    Arrays.sort(exit);
    System.out.printf("new JVM, packaged jar, replay of one event: first event handled after %.2f s (median of %d;"
        + " best %.2f s), process done %.2f s; %,d classes loaded%n", firstEvent[runs / 2] / 1e9, runs,
        firstEvent[0] / 1e9, exit[runs / 2] / 1e9, loaded);
  }

  /** The first event through the Event Grid function with cold SDK classes, then a warm one. */
  private static void sdkFirstEvent() throws Exception {
    String sub = "/subscriptions/11111111-2222-3333-4444-555555555555";
    String assignment = sub + "/providers/Microsoft.Authorization/roleAssignments/b0f43c54-e787-4862-89b1-a653fa9cf747";
    String owner = sub + "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    try (LocalHttpsServer arm = new LocalHttpsServer()) {
      arm.always("GET", assignment, Reply.json(200, Resources.text("functions/owner-assignment.json")
          .replace("%ASSIGNMENT%", assignment).replace("%OWNER%", owner).replace("%SCOPE%", sub)));
      arm.always("POST", "/v1.0/directoryObjects/getByIds", Reply.json(200, "{\"value\":[]}"));
      String connection = Azurite.connectionString();
      String event = Resources.text("events/roleAssignment_write_owner_at_subscription.json");
      int before = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
      long t = System.nanoTime();
      TokenCredential credential = r -> Mono.just(new AccessToken("bench", OffsetDateTime.now().plusHours(1)));
      AzureTenant tenant = AzureTenant.connect(credential, new AzureEndpoints(arm.url(), arm.url()), arm.clientTls(),
          Duration.ofSeconds(10));
      AuditorApp app = new AuditorApp(Tenant.of(tenant),
          Stores.of(com.accessauditor.azure.StorageAccount.withConnectionString(connection)), Clock.systemUTC());
      EventCaptureFunctionAccess.run(app, event);
      long first = System.nanoTime() - t;
      int afterFirst = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
      t = System.nanoTime();
      EventCaptureFunctionAccess.run(app, event.replace("6d1f0a8e-3b4c-4f2a-9e7d-0c1b2a3d4e5f",
          "6d1f0a8e-3b4c-4f2a-9e7d-0c1b2a3d4e60"));
      long second = System.nanoTime() - t;
      System.out.printf("Event Grid function, real SDK clients: first event %.0f ms (app built lazily on it, %,d"
          + " classes loaded for it), second event %.0f ms%n", first / 1e6, afterFirst - before, second / 1e6);
    }
  }
}
