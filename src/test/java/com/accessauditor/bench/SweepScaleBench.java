package com.accessauditor.bench;

import com.accessauditor.app.Stores;
import com.accessauditor.baseline.Baseline;
import com.accessauditor.baseline.BaselineFile;
import com.accessauditor.rbac.BuiltInRoles;
import com.accessauditor.detect.Detectors;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.sweep.SweepReport;
import com.accessauditor.sweep.SweepService;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The sweep's growth with the tenant: generated snapshot folders of 10k, 100k and 1M role assignments (a
 * quarter as many principals, one app per 1,000) against a baseline of 10k declared grants, swept by the
 * production SweepService into memory. Each size is printed beside its limit measured in the same run:
 * Jackson merely parsing the same files. Ratios are what to compare across runs; the machines are noisy.
 *
 * <p>Run: {@code bench/run sweep-scale} or {@code mvn -q -DallowTelemetry=false test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=com.accessauditor.bench.SweepScaleBench
 * -Dexec.args="10000,100000,1000000 10000"} (sizes, baseline rules); 1M needs MAVEN_OPTS=-Xmx12g. With {@code cli
 * HEAP WORKERS} after them: the command line in a child JVM of that heap with that many workers.
 */
public final class SweepScaleBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static int PER_SUBSCRIPTION = 3500;
  private static final String[] ROLES = {BuiltInRoles.READER, BuiltInRoles.READER, BuiltInRoles.CONTRIBUTOR,
      BuiltInRoles.STORAGE_BLOB_DATA_OWNER, BuiltInRoles.STORAGE_QUEUE_DATA_CONTRIBUTOR, BuiltInRoles.OWNER};

  public static void main(String[] args) throws Exception {
    int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "10000,100000").split(","))
        .mapToInt(Integer::parseInt).toArray();
    int rules = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    if (args.length > 2 && args[2].equals("cli")) {
      PER_SUBSCRIPTION = 4_000;
      cli(sizes, rules, args.length > 3 ? args[3] : "256m", args.length > 4 ? args[4] : "2");
      return;
    }
    System.out.printf("sweep from snapshot files, memory store, baseline of %,d declared grants; %d cores, max heap"
        + " %,d MB%n", rules, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf("%12s %10s %10s %12s %10s %12s %8s %12s%n", "assignments", "files MB", "parse s", "sweep s",
        "ratio", "ms/1k", "findings", "peak heap MB");
    for (int n : sizes) {
      inGeneratedFolder("sweep-scale", n, rules, (dir, bytes) -> {
        System.gc();
        long parse = time(() -> parseOnly(dir));
        System.gc();
        resetPeaks();
        long[] findings = new long[1];
        long sweep = time(() -> findings[0] = sweepOnce(dir));
        System.out.printf("%,12d %10.1f %10.2f %12.2f %10.1f %12.2f %,8d %12d%n", n, bytes / 1e6, parse / 1e9,
            sweep / 1e9, (double) sweep / parse, sweep / 1e6 / (n / 1000.0), findings[0], peakHeapMb());
      });
    }
  }

  interface InFolder {
    void run(Path dir, long bytes) throws Exception;
  }

  /** Generates the tenant of n assignments in a fresh folder, hands it over with its size, then deletes it. */
  private static void inGeneratedFolder(String prefix, int n, int rules, InFolder work) throws Exception {
    Path dir = Files.createTempDirectory(prefix);
    try {
      generate(dir, n, rules);
      long bytes;
      try (Stream<Path> files = Files.list(dir)) {
        bytes = files.mapToLong(p -> p.toFile().length()).sum();
      }
      work.run(dir, bytes);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * The command line as a user runs it on an export too large to hold: {@code java -Xmx256m -jar
   * target/access-auditor.jar sweep --snapshot DIR --store azurite} (two workers over Azurite's queues), in a
   * child JVM, against the sweep in one pass in this JVM (memory store): the same open findings, or not.
   */
  private static void cli(int[] sizes, int rules, String heap, String workers) throws Exception {
    String azurite = com.accessauditor.support.Azurite.connectionString();
    System.out.printf("the sweep command with -Xmx%s over Azurite (%s worker(s)), against the sweep in one pass;"
        + " baseline of %,d declared grants%n", heap, workers, rules);
    System.out.printf("%12s %6s %10s %10s %12s %8s %12s %s%n", "assignments", "subs", "files MB", "parse s",
        "command s", "/parse", "findings", "same as one pass");
    for (int n : sizes) {
      inGeneratedFolder("sweep-cli", n, rules, (dir, bytes) -> {
        long parse = time(() -> parseOnly(dir));
        java.util.Set<String> onePass = onePassFingerprints(dir, rules > 0);
        com.accessauditor.support.Azurite.emptyAccount();
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-Xmx" + heap, "-jar", "target/access-auditor.jar", "sweep", "--snapshot", dir.toString(),
            "--store", "azurite", "--no-alerts", "--output", "json", "--parallel", workers));
        if (rules > 0) {
          command.addAll(List.of("--baseline", dir.resolve("baseline.json").toString()));
        }
        ProcessBuilder child = new ProcessBuilder(command).redirectError(dir.resolve("stderr.txt").toFile())
            .redirectOutput(dir.resolve("stdout.txt").toFile());
        child.environment().put("AZURITE_CONNECTION_STRING", azurite);
        long start = System.nanoTime();
        int exit = child.start().waitFor();
        long took = System.nanoTime() - start;
        java.util.Set<String> fromCommand = new java.util.TreeSet<>();
        try (Stream<String> lines = Files.lines(dir.resolve("stdout.txt"))) {
          lines.map(l -> {
            try {
              return JSON.readTree(l);
            } catch (IOException e) {
              return JSON.createObjectNode();
            }
          }).filter(j -> j.path("type").asText().equals("finding") && j.path("status").asText().equals("open"))
              .forEach(j -> fromCommand.add(j.path("kind").asText() + " " + j.path("fingerprint").asText()));
        }
        int subs = Math.max(1, (n + PER_SUBSCRIPTION - 1) / PER_SUBSCRIPTION);
        System.out.printf("%,12d %6d %10.1f %10.2f %12.2f %8.1f %,12d %s%n", n, subs, bytes / 1e6, parse / 1e9,
            took / 1e9, (double) took / parse, fromCommand.size(), exit != 0 ? "EXIT " + exit + ": "
                + lastLines(dir.resolve("stderr.txt")) : fromCommand.equals(onePass) ? "yes"
                : "NO: " + onePass.size() + " in one pass");
      });
    }
    System.exit(0);
  }

  private static java.util.Set<String> onePassFingerprints(Path dir, boolean withBaseline) throws Exception {
    SnapshotTenant tenant = SnapshotTenant.load(dir);
    Stores stores = Stores.inMemory();
    new SweepService(tenant, tenant, tenant, stores.inventory(), stores.findings(), Clock.systemUTC(),
        Detectors.SWEEP).run(tenant.subscriptions(), withBaseline ? Optional.of(BaselineFile.read(
            dir.resolve("baseline.json"))) : Optional.empty(), line -> { });
    return stores.findings().list().stream().filter(f -> f.status().label().equals("open"))
        .map(f -> f.kind() + " " + f.fingerprint()).collect(java.util.stream.Collectors.toCollection(
            java.util.TreeSet::new));
  }

  private static String lastLines(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
  }

  interface Work {
    void run() throws Exception;
  }

  private static long time(Work work) throws Exception {
    long t = System.nanoTime();
    work.run();
    return System.nanoTime() - t;
  }

  /** The limit: reading every file into a tree, as the snapshot loader must at least do. */
  private static void parseOnly(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        JSON.readTree(f.toFile());
      }
    }
  }

  private static long sweepOnce(Path dir) throws Exception {
    SnapshotTenant tenant = SnapshotTenant.load(dir);
    Baseline baseline = BaselineFile.read(dir.resolve("baseline.json"));
    Stores stores = Stores.inMemory();
    SweepService sweep = new SweepService(tenant, tenant, tenant, stores.inventory(), stores.findings(),
        Clock.systemUTC(), Detectors.SWEEP);
    SweepReport report = sweep.run(tenant.subscriptions(), Optional.of(baseline), line -> { });
    return report.open().size();
  }

  private static void resetPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeapMb() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20;
  }

  static String sub(int s) {
    return String.format("/subscriptions/5b000000-0000-4000-8000-%012d", s);
  }

  static String guid(int base, long i) {
    return String.format("0a1b2c3d-%04x-4000-8000-%012x", base, i);
  }

  /** Streams the files out, so the generator's own memory does not count against the 1M run. */
  private static void generate(Path dir, int n, int rules) throws IOException {
    int subscriptions = Math.max(1, (n + PER_SUBSCRIPTION - 1) / PER_SUBSCRIPTION);
    int principals = Math.max(1, n / 4);
    int sites = Math.max(1, n / 1000);
    JsonFactory factory = JSON.getFactory();
    // The built-in roles as ARM lists them: without role definitions every verdict that needs them is withheld.
    try (java.io.InputStream roles = SweepScaleBench.class.getResourceAsStream("/roles/builtin-roles.json")) {
      Files.copy(roles, dir.resolve(SnapshotTenant.ROLE_DEFINITIONS));
    }
    // Exported and empty, as az prints them for a tenant without any: a missing file is a gap, not "none".
    Files.writeString(dir.resolve(SnapshotTenant.IDENTITIES), "[]");
    Files.writeString(dir.resolve(SnapshotTenant.DELETED_PRINCIPALS), "{\"value\": []}");
    StringBuilder settings = new StringBuilder("{");
    for (int s = 0; s < sites; s++) {
      settings.append(s == 0 ? "" : ",").append('"').append(sub(s % subscriptions))
          .append("/resourceGroups/rg-apps/providers/Microsoft.Web/sites/func-").append(s)
          .append("\": [{\"name\": \"FUNCTIONS_EXTENSION_VERSION\", \"value\": \"~4\"}]");
    }
    Files.writeString(dir.resolve(SnapshotTenant.APP_SETTINGS), settings.append('}'));
    try (JsonGenerator g = factory.createGenerator(dir.resolve(SnapshotTenant.ROLE_ASSIGNMENTS).toFile(),
        JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeArrayFieldStart("value");
      for (int i = 0; i < n; i++) {
        String sub = sub(i % subscriptions);
        String scope = i % 3 == 0 ? sub : sub + "/resourceGroups/rg-" + (i % 40);
        String role = ROLES[i % ROLES.length];
        String id = scope + "/providers/Microsoft.Authorization/roleAssignments/" + guid(1, i);
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("name", guid(1, i));
        g.writeStringField("type", "Microsoft.Authorization/roleAssignments");
        g.writeObjectFieldStart("properties");
        g.writeStringField("roleDefinitionId", sub + "/providers/Microsoft.Authorization/roleDefinitions/" + role);
        // One principal in 50 is gone from the directory: the orphan detector has work to do.
        g.writeStringField("principalId", guid(2, i % principals));
        g.writeStringField("principalType", i % 7 == 0 ? "ServicePrincipal" : "User");
        g.writeStringField("scope", scope);
        g.writeStringField("createdOn", "2026-01-01T00:00:00Z");
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    try (JsonGenerator g = factory.createGenerator(dir.resolve(SnapshotTenant.PRINCIPALS).toFile(),
        JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeArrayFieldStart("value");
      for (int p = 0; p < principals; p++) {
        if (p % 50 == 49) {
          continue;
        }
        g.writeStartObject();
        boolean app = p % 7 == 0;
        g.writeStringField("@odata.type", app ? "#microsoft.graph.servicePrincipal" : "#microsoft.graph.user");
        g.writeStringField("id", guid(2, p));
        g.writeStringField("displayName", (app ? "app-" : "user-") + p);
        if (!app) {
          g.writeStringField("userPrincipalName", "user" + p + "@contoso.com");
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    try (JsonGenerator g = factory.createGenerator(dir.resolve(SnapshotTenant.SITES).toFile(), JsonEncoding.UTF8)) {
      g.writeStartArray();
      for (int s = 0; s < sites; s++) {
        g.writeStartObject();
        g.writeStringField("id", sub(s % subscriptions) + "/resourceGroups/rg-apps/providers/Microsoft.Web/sites/func-" + s);
        g.writeStringField("name", "func-" + s);
        g.writeStringField("kind", "functionapp");
        g.writeObjectFieldStart("identity");
        g.writeStringField("type", "SystemAssigned");
        g.writeStringField("principalId", guid(2, (long) s * 7 % principals));
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    try (JsonGenerator g = factory.createGenerator(dir.resolve("baseline.json").toFile(), JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeArrayFieldStart("governs");
      for (int s = 0; s < subscriptions; s++) {
        g.writeString(sub(s));
      }
      g.writeEndArray();
      g.writeArrayFieldStart("assignments");
      for (int r = 0; r < rules; r++) {
        // Most declared grants exist; one in ten is missing (drift in both directions).
        long i = r % 10 == 9 ? n + r : (long) r * Math.max(1, n / rules) % n;
        if ((i % principals) % 50 == 49) {
          i++; // a baseline naming a principal gone from the directory is refused before anything is swept
        }
        String sub = sub((int) (i % subscriptions));
        g.writeStartObject();
        g.writeStringField("principal", guid(2, i % principals));
        g.writeStringField("role", BuiltInRoles.nameOf(ROLES[(int) (i % ROLES.length)]).orElse("Reader"));
        g.writeStringField("scope", i % 3 == 0 ? sub : sub + "/resourceGroups/rg-" + (i % 40));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }
}
