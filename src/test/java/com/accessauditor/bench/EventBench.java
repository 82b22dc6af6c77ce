package com.accessauditor.bench;

import com.accessauditor.app.Alerting;
import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Stores;
import com.accessauditor.app.Tenant;
import com.accessauditor.rbac.BuiltInRoles;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.Azurite;
import com.accessauditor.support.RecordingChannel;
import com.accessauditor.support.Resources;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event path's throughput: N role-assignment write events (Event Grid schema, one per delivery, as Event
 * Grid sends them by default) through parse, classify, the ARM read (a snapshot here), inventory, detectors,
 * the alert outbox and the findings table, into memory and into Azurite. Beside it, in the same run, the
 * limit: Azurite storing the very rows the event path wrote, as raw 100-entity batch transactions.
 *
 * <p>Run: {@code bench/run event} or {@code mvn -q -DallowTelemetry=false test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=com.accessauditor.bench.EventBench -Dexec.args="2000 0"} (events, sent alerts already in the outbox)
 */
public final class EventBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUB = "/subscriptions/11111111-2222-3333-4444-555555555555";
  private static final List<String> TABLES = List.of("changes", "assignments", "findings", "alerts", "alertsdue");
  private static final String[] ROLES = {BuiltInRoles.READER, BuiltInRoles.READER, BuiltInRoles.CONTRIBUTOR,
      BuiltInRoles.STORAGE_BLOB_DATA_OWNER, BuiltInRoles.READER, BuiltInRoles.OWNER};

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    // Alerts already in the outbox, as months of operation leave them.
    int history = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    Path dir = tenant(n + 300);
    SnapshotTenant tenant = SnapshotTenant.load(dir);
    List<String> warmup = events(n, 300);
    List<String> events = events(0, n);
    System.out.printf("event path: %,d role-assignment writes, one per delivery; %d cores%n", n,
        Runtime.getRuntime().availableProcessors());

    run("memory", tenant, Stores.inMemory(), warmup);
    Result memory = run("memory", tenant, Stores.inMemory(), events);
    memory.print("memory");

    run("azurite", tenant, Stores.of(Azurite.emptyAccount()), warmup);
    Stores fresh = Stores.of(Azurite.emptyAccount());
    history(fresh, history);
    Result azurite = run("azurite", tenant, fresh, events);
    azurite.print("azurite");
    Map<String, Integer> rows = rowCounts();
    int total = rows.values().stream().mapToInt(Integer::intValue).sum();
    long raw = rawBatchInsert();
    double seconds = azurite.nanos / 1e9;
    System.out.printf("  rows written %s = %,d, %.1f rows per event%n", rows, total, (double) total / n);
    System.out.printf("  limit: the same %,d rows as raw 100-entity transactions into Azurite: %.2f s (%,.0f rows/s);"
        + " event path / limit = %.1f%n", total, raw / 1e9, total / (raw / 1e9), azurite.nanos / (double) raw);
    System.out.printf("  the changes table's day partition took %,.0f rows/s (Table Storage target: 2,000"
        + " entities/s per partition, 20,000/s per account)%n", rows.get("changes") / seconds);
  }

  /** Fills the outbox with sent alerts of other findings. */
  private static void history(Stores stores, int count) {
    if (count == 0) {
      return;
    }
    TableServiceClient service = service();
    service.createTableIfNotExists("alerts");
    TableClient alerts = service.getTableClient("alerts");
    List<TableTransactionAction> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      TableEntity e = new TableEntity("h" + i, "ops.history-" + i);
      e.addProperty("fingerprint", "h" + i);
      e.addProperty("alertStatus", "SENT");
      batch.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, e));
      if (batch.size() == 100) {
        alerts.submitTransaction(batch);
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) {
      alerts.submitTransaction(batch);
    }
    System.out.printf("  (the outbox already holds %,d sent alerts)%n", count);
  }

  record Result(long nanos, long[] latencies, int events) {
    void print(String store) {
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      System.out.printf("%-8s %,8.0f events/s   p50 %6.2f ms   p99 %6.2f ms   max %7.2f ms%n", store,
          events / (nanos / 1e9), sorted[sorted.length / 2] / 1e6, sorted[sorted.length * 99 / 100] / 1e6,
          sorted[sorted.length - 1] / 1e6);
    }
  }

  private static Result run(String name, SnapshotTenant tenant, Stores stores, List<String> events) {
    RecordingChannel nowhere = new RecordingChannel("ops");
    AuditorApp app = new AuditorApp(Tenant.of(tenant), stores, Clock.systemUTC(), List.of(), Optional.empty(),
        Alerting.of(List.of(nowhere)), Optional.empty());
    long[] latencies = new long[events.size()];
    long start = System.nanoTime();
    for (int i = 0; i < events.size(); i++) {
      long t = System.nanoTime();
      app.capture().handle(events.get(i), name);
      latencies[i] = System.nanoTime() - t;
    }
    return new Result(System.nanoTime() - start, latencies, events.size());
  }

  private static TableServiceClient service() {
    return new TableServiceClientBuilder().connectionString(Azurite.connectionString()).buildClient();
  }

  private static Map<String, Integer> rowCounts() {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String table : TABLES) {
      int[] count = new int[1];
      service().getTableClient(table).listEntities().forEach(e -> count[0]++);
      out.put(table, count[0]);
    }
    return out;
  }

  /** Copies every row the event path wrote into fresh tables, 100 per transaction within a partition. */
  private static long rawBatchInsert() {
    TableServiceClient service = service();
    Map<String, List<TableEntity>> copies = new LinkedHashMap<>();
    for (String table : TABLES) {
      List<TableEntity> rows = new ArrayList<>();
      service.getTableClient(table).listEntities().forEach(e -> {
        TableEntity copy = new TableEntity(e.getPartitionKey(), e.getRowKey());
        e.getProperties().forEach((k, v) -> {
          if (!k.startsWith("odata.") && !k.equals("Timestamp") && !k.equals("PartitionKey") && !k.equals("RowKey")) {
            copy.addProperty(k, v);
          }
        });
        rows.add(copy);
      });
      copies.put("raw" + table, rows);
    }
    long start = System.nanoTime();
    copies.forEach((table, rows) -> {
      service.createTableIfNotExists(table);
      TableClient client = service.getTableClient(table);
      Map<String, List<TableTransactionAction>> byPartition = new LinkedHashMap<>();
      rows.forEach(r -> byPartition.computeIfAbsent(r.getPartitionKey(), k -> new ArrayList<>())
          .add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, r)));
      byPartition.values().forEach(actions -> {
        for (int i = 0; i < actions.size(); i += 100) {
          client.submitTransaction(actions.subList(i, Math.min(actions.size(), i + 100)));
        }
      });
    });
    return System.nanoTime() - start;
  }

  private static String assignmentId(int i) {
    String scope = i % 3 == 0 ? SUB : SUB + "/resourceGroups/rg-" + (i % 20);
    return scope + "/providers/Microsoft.Authorization/roleAssignments/" + SweepScaleBench.guid(1, i);
  }

  private static List<String> events(int from, int count) throws Exception {
    ObjectNode template = (ObjectNode) JSON.readTree(Resources.text(
        "events/roleAssignment_write_owner_at_subscription.json")).get(0);
    List<String> out = new ArrayList<>();
    Instant t0 = Instant.parse("2026-11-23T08:00:00Z");
    for (int i = from; i < from + count; i++) {
      ObjectNode e = template.deepCopy();
      e.put("id", SweepScaleBench.guid(9, i));
      e.put("eventTime", t0.plusMillis(i).toString());
      e.put("subject", assignmentId(i));
      ((ObjectNode) e.get("data")).put("resourceUri", assignmentId(i));
      out.add("[" + JSON.writeValueAsString(e) + "]");
    }
    return out;
  }

  private static Path tenant(int n) throws Exception {
    Path dir = Files.createTempDirectory("event-bench");
    ArrayNode assignments = JSON.createArrayNode();
    ArrayNode principals = JSON.createArrayNode();
    for (int p = 0; p < Math.max(1, n / 4); p++) {
      principals.addObject().put("@odata.type", "#microsoft.graph.user").put("id", SweepScaleBench.guid(2, p))
          .put("displayName", "user-" + p).put("userPrincipalName", "user" + p + "@contoso.com");
    }
    for (int i = 0; i < n; i++) {
      String id = assignmentId(i);
      ObjectNode properties = assignments.addObject().put("id", id).put("name", SweepScaleBench.guid(1, i))
          .putObject("properties");
      properties.put("roleDefinitionId", SUB + "/providers/Microsoft.Authorization/roleDefinitions/"
          + ROLES[i % ROLES.length]).put("principalId", SweepScaleBench.guid(2, i % Math.max(1, n / 4)))
          .put("principalType", "User").put("scope", id.substring(0, id.indexOf("/providers/Microsoft.Authorization")))
          .put("createdOn", "2026-11-23T08:00:00Z");
    }
    Files.writeString(dir.resolve(SnapshotTenant.ROLE_ASSIGNMENTS), JSON.createObjectNode().set("value", assignments)
        .toString());
    Files.writeString(dir.resolve(SnapshotTenant.PRINCIPALS), JSON.createObjectNode().set("value", principals)
        .toString());
    return dir;
  }
}
