package com.accessauditor.bench;

import com.accessauditor.app.Alerting;
import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Stores;
import com.accessauditor.app.Tenant;
import com.accessauditor.azure.AzureEndpoints;
import com.accessauditor.azure.AzureTenant;
import com.accessauditor.findings.FindingStore;
import com.accessauditor.model.Scope;
import com.accessauditor.support.Azurite;
import com.accessauditor.support.LocalHttpsServer;
import com.accessauditor.support.RecordingChannel;
import com.accessauditor.sweep.SweepReport;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * The sweep as it runs in Azure: the timer's plan, one queue message per subscription in Azurite, two
 * workers in this process taking them (as two Functions instances would), the final step; ARM and Graph
 * served over HTTPS by the local server in their documented shapes. Runs over the same tenant: clean (a
 * fresh Azurite account), the next run into the same tables with nothing changed (the daily case), then on a
 * fresh account each a worker dying after writing its first subscription's findings, and ARM and Graph
 * throttling every tenth call. Limit in the same run: Jackson parsing every body the server serves.
 *
 * <p>{@code exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.accessauditor.bench.SweepQueueBench
 * -Dexec.args="100000 4000"} (assignments, per subscription; a third argument {@code floors}: Azurite's
 * floors alone at that size; {@code once}: only the run as deployed by default, without the floors, whose
 * column then reads as over the parse alone).
 */
public final class SweepQueueBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Azurite's floors measured in this run (see {@link #floors}): writing the rows, reading them back. */
  private static long writeFloor;
  private static long readFloor;

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int perSubscription = args.length > 1 ? Integer.parseInt(args[1]) : 4_000;
    int subscriptions = Math.max(1, (n + perSubscription - 1) / perSubscription);
    if (args.length > 2 && args[2].equals("floors")) {
      // Azurite alone at this size: whether its time grows in step with the rows.
      floors(n, subscriptions);
      System.out.printf("floors at %,d rows in %d partitions: write %,d ms, read %,d ms%n", n, subscriptions,
          writeFloor / 1_000_000, readFloor / 1_000_000);
      System.exit(0);
    }
    int principals = Math.max(1, n / 4);
    int sites = Math.max(1, n / 1000);
    System.out.printf("%,d assignments in %d subscription(s), %,d principals, %d apps; 2 workers over Azurite"
        + " queues; %d cores, max heap %,d MB%n", n, subscriptions, principals, sites,
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    try (LocalHttpsServer server = new LocalHttpsServer()) {
      List<Scope> scopes = SweepBench.serve(server, n, subscriptions, principals, sites, false);
      long parse = System.nanoTime();
      for (String body : server.standingBodies()) {
        JSON.readTree(body);
      }
      parse = System.nanoTime() - parse;
      System.out.printf("limit: Jackson parses the %,d bodies served in %,d ms%n", server.standingBodies().size(),
          parse / 1_000_000);
      boolean once = args.length > 2 && args[2].equals("once");
      if (!once) {
        floors(n, subscriptions);
        System.out.printf("floors: Azurite takes %,d inventory-shaped rows in 100-row transactions from 2 writers"
            + " in %,d ms, and gives them back to 2 readers (a partition each) in %,d ms; a first run must write"
            + " them, the next must read them: /+floor is the wall over parse + that floor%n", n,
            writeFloor / 1_000_000, readFloor / 1_000_000);
      }
      System.out.printf("%-11s %9s %7s %7s %12s %12s %10s %9s %8s %s%n", "run", "wall ms", "/parse", "/+floor",
          "heap before", "peak heap", "HTTP/1k", "findings", "alerts", "HTTP calls");
      if (once) {
        // One run only, as deployed by default (a million assignments: Azurite's floors alone take minutes).
        run("no settings", server, scopes, n, parse, false, Optional.empty(), Optional.of(List.of()));
        System.exit(0);
      }
      Result clean = run("clean", server, scopes, n, parse, false, Optional.empty());
      // The daily case: the same tenant swept again into the same tables, nothing changed in between.
      Result again = run("next run", server, scopes, n, parse, false, Optional.of(clean.stores));
      System.out.printf("next run: findings %s the clean run's, %d alert(s) sent%n",
          again.findings.equals(clean.findings) ? "equal to" : "DIFFERENT FROM", again.alerts.size());
      // As deployed by default: no app's settings may be listed (appSettingsResourceGroups empty).
      run("no settings", server, scopes, n, parse, false, Optional.empty(), Optional.of(List.of()));
      Result died = run("died", server, scopes, n, parse, true, Optional.empty());
      server.throttleEvery(10);
      Result throttled = run("throttled", server, scopes, n, parse, false, Optional.empty());
      server.throttleEvery(0);
      for (Result r : List.of(died, throttled)) {
        System.out.printf("%s: findings %s the clean run's, alerts %s%n", r.name,
            r.findings.equals(clean.findings) ? "equal to" : "DIFFERENT FROM (" + difference(clean.findings,
                r.findings) + ")", r.alerts.equals(clean.alerts) ? "equal to the clean run's, none twice"
                : "DIFFERENT (" + r.alerts.size() + " vs " + clean.alerts.size() + ")");
      }
    }
    System.exit(0);
  }

  private record Result(String name, Set<String> findings, List<String> alerts, Stores stores) {}

  private static Result run(String name, LocalHttpsServer server, List<Scope> scopes, int n, long parse,
      boolean dies, Optional<Stores> earlier) throws Exception {
    return run(name, server, scopes, n, parse, dies, earlier, Optional.empty());
  }

  /**
   * @param earlier the tables of an earlier run to sweep into again; empty: a fresh Azurite account
   * @param settingsIn where app settings may be listed (AUDITOR_APP_SETTINGS_SCOPES); empty: everywhere
   */
  private static Result run(String name, LocalHttpsServer server, List<Scope> scopes, int n, long parse,
      boolean dies, Optional<Stores> earlier, Optional<List<Scope>> settingsIn) throws Exception {
    TokenCredential credential = r -> Mono.just(new AccessToken("bench", OffsetDateTime.now().plusHours(1)));
    AzureTenant tenant = AzureTenant.connect(credential, new AzureEndpoints(server.url(), server.url()),
        server.clientTls(), Duration.ofSeconds(60));
    Stores real = earlier.orElseGet(() -> Stores.of(Azurite.emptyAccount()));
    Stores stores = dies ? new Stores(real.changes(), diesOnce(real.findings()), real.inventory(), real.poison(),
        real.alerts(), real.suppressions(), real.sweepRuns(), real.sweepStage(), real.subscriptionQueue(),
        real.finalStepQueue()) : real;
    RecordingChannel ops = new RecordingChannel("ops");
    AuditorApp app = new AuditorApp(Tenant.of(tenant).withSettingsReadableIn(settingsIn), stores, Clock.systemUTC(),
        scopes, Optional.empty(),
        Alerting.of(List.of(ops)));
    int before = server.requests().size();
    System.gc();
    long heapBefore = heapUsed();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    long start = System.nanoTime();
    // A short lease, so the message of the worker that died comes back within the run.
    long[] finalStep = new long[2];
    SweepReport report = app.runner().run(scopes, Optional.empty(), 2, Duration.ofSeconds(dies ? 20 : 120),
        Duration.ZERO, line -> {
          if (line.startsWith("final step of run ")) {
            finalStep[line.contains(": joining what the workers of ") ? 0 : 1] = System.nanoTime();
          }
          if (System.getProperty("bench.verbose") != null) {
            System.out.println("  " + line);
          }
        });
    long wall = System.nanoTime() - start;
    long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    app.alerts().deliverDue();
    List<String> calls = server.requests().subList(before, server.requests().size());
    Map<String, Long> byKind = calls.stream().collect(Collectors.groupingBy(SweepBench::kind, TreeMap::new,
        Collectors.counting()));
    Set<String> findings = real.findings().list().stream().map(f -> f.kind() + " " + f.fingerprint() + " "
        + f.status().label()).collect(Collectors.toCollection(TreeSet::new));
    System.out.printf("%-11s %,9d %7.1f %7.1f %9d MB %9d MB %10.2f %,9d %,8d %s%n", name, wall / 1_000_000,
        (double) wall / parse, (double) wall / (parse + (earlier.isPresent() ? readFloor : writeFloor)),
        heapBefore >> 20, peak >> 20, calls.size() * 1000.0 / n, findings.size(), ops.sent().size(), byKind);
    System.out.printf("%-11s of which the final step %,d ms%n", "", (finalStep[1] - finalStep[0]) / 1_000_000);
    if (!report.run().complete()) {
      System.out.println("  run " + report.run().runId() + " incomplete: " + String.join(" | ", report.gaps()));
    }
    List<String> alerts = ops.told().stream().sorted().toList();
    return new Result(name, findings, alerts, real);
  }

  /**
   * What a first run cannot do without: writing a row per assignment, shaped as the inventory's (the same
   * properties, one partition per subscription), in 100-row transactions, two writers at once as the two
   * workers are, into a table of its own on the same Azurite. And what the next run cannot do without:
   * reading them back, a partition per query, two readers at once.
   */
  private static void floors(int n, int subscriptions) throws Exception {
    com.azure.data.tables.TableClient table = new com.azure.data.tables.TableServiceClientBuilder()
        .connectionString(Azurite.connectionString()).buildClient().createTableIfNotExists("benchfloor");
    java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(2);
    long start = System.nanoTime();
    List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
    for (int s = 0; s < subscriptions; s++) {
      int sub = s;
      done.add(writers.submit(() -> {
        List<com.azure.data.tables.models.TableTransactionAction> batch = new java.util.ArrayList<>();
        for (int i = sub; i < n; i += subscriptions) {
          String id = "/subscriptions/" + SweepBench.guid(0x5000, sub) + "/resourcegroups/rg-" + (i % 40)
              + "/providers/microsoft.authorization/roleassignments/" + SweepBench.guid(0xA000, i);
          com.azure.data.tables.models.TableEntity e = new com.azure.data.tables.models.TableEntity(
              SweepBench.guid(0x5000, sub), id.replace('/', '|'));
          e.addProperty("assignmentId", id).addProperty("scope", id.substring(0, id.indexOf("/providers/")))
              .addProperty("principalId", SweepBench.guid(0xB000, i)).addProperty("principalType", "User")
              .addProperty("roleDefinitionId", "/subscriptions/" + SweepBench.guid(0x5000, sub)
                  + "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7")
              .addProperty("createdOn", OffsetDateTime.now()).addProperty("createdBy", SweepBench.guid(0xC000, 1))
              .addProperty("roleName", "Reader").addProperty("asOf", OffsetDateTime.now())
              .addProperty("deleted", false);
          batch.add(new com.azure.data.tables.models.TableTransactionAction(
              com.azure.data.tables.models.TableTransactionActionType.UPSERT_REPLACE, e));
          if (batch.size() == 100) {
            table.submitTransaction(batch);
            batch = new java.util.ArrayList<>();
          }
        }
        if (!batch.isEmpty()) {
          table.submitTransaction(batch);
        }
      }));
    }
    for (java.util.concurrent.Future<?> f : done) {
      f.get();
    }
    writeFloor = System.nanoTime() - start;
    done.clear();
    java.util.concurrent.atomic.AtomicLong rows = new java.util.concurrent.atomic.AtomicLong();
    start = System.nanoTime();
    for (int s = 0; s < subscriptions; s++) {
      String partition = SweepBench.guid(0x5000, s);
      done.add(writers.submit(() -> table.listEntities(new com.azure.data.tables.models.ListEntitiesOptions()
          .setFilter("PartitionKey eq '" + partition + "'"), null, null).forEach(e -> rows.incrementAndGet())));
    }
    for (java.util.concurrent.Future<?> f : done) {
      f.get();
    }
    readFloor = System.nanoTime() - start;
    if (rows.get() != n) {
      throw new IllegalStateException("read back " + rows.get() + " of " + n + " rows");
    }
    writers.shutdown();
    table.deleteTable();
  }

  /** The findings table, where the first worker to write a subscription's findings dies right after. */
  private static FindingStore diesOnce(FindingStore tables) {
    AtomicBoolean died = new AtomicBoolean();
    return new com.accessauditor.support.FailingFindingStore(tables, batch -> { }, batch -> {
      if (!batch.isEmpty() && !batch.get(0).subscriptionId().isEmpty() && died.compareAndSet(false, true)) {
        // An Error, not an exception: nothing in the worker catches it, as nothing catches a killed process.
        throw new WorkerKilled();
      }
    });
  }

  /** What a killed instance looks like from inside: nothing catches it. */
  private static final class WorkerKilled extends Error {
    WorkerKilled() {
      super("worker killed after writing its subscription's findings");
    }
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getUsage().getUsed()).sum();
  }

  private static String difference(Set<String> a, Set<String> b) {
    Set<String> onlyA = new TreeSet<>(a);
    onlyA.removeAll(b);
    Set<String> onlyB = new TreeSet<>(b);
    onlyB.removeAll(a);
    return onlyA.size() + " only in the clean run, e.g. " + onlyA.stream().limit(2).toList() + "; " + onlyB.size()
        + " only here, e.g. " + onlyB.stream().limit(2).toList();
  }
}
