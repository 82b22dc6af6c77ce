package com.accessauditor.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.app.Alerting;
import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Stores;
import com.accessauditor.app.Tenant;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.Azurite;
import com.accessauditor.support.RecordingChannel;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event Grid delivers at least once and in no particular order: the demo week's events, each delivered three
 * times in shuffled order, must leave the same tables (changes, inventory, findings, alerts) as one in-order
 * delivery. The tenant is the state after the week with Monday's Owner grant still readable, so a late
 * write can arrive after its own delete.
 */
class EventOrderIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TABLES = List.of("changes", "findings", "assignments", "identities", "alerts",
      "poison");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-03T09:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void everyEventThreeTimesInShuffledOrderLeavesTheSameTablesAsOnceInOrder() throws Exception {
    List<String> events = demoEvents();
    Path tenant = tenant();

    Map<String, Map<String, Map<String, Object>>> inOrder = run(tenant, events);
    for (long seed : new long[] {1, 7, 42}) {
      List<String> shuffled = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        shuffled.addAll(events);
      }
      Collections.shuffle(shuffled, new Random(seed));

      assertThat(differences(inOrder, run(tenant, shuffled))).as("tables after shuffled delivery (seed " + seed + ")")
          .isEmpty();
    }
    assertThat(inOrder.get("changes")).as("one row per watched event (Monday's storage account write is not one)")
        .hasSize(events.size() - 1);
    assertThat(inOrder.get("findings")).isNotEmpty();
    assertThat(inOrder.get("alerts")).isNotEmpty();
    assertThat(inOrder.get("poison")).isEmpty();
  }

  /** Every table as PartitionKey/RowKey to properties, bar the service's own Timestamp. */
  private static Map<String, Map<String, Map<String, Object>>> run(Path tenant, List<String> events) {
    RecordingChannel quiet = new RecordingChannel("ops");
    AuditorApp app = new AuditorApp(Tenant.of(SnapshotTenant.load(tenant)), Stores.of(Azurite.emptyAccount()), CLOCK,
        List.of(), Optional.empty(), Alerting.of(List.of(quiet)), Optional.empty());
    for (int i = 0; i < events.size(); i++) {
      List<EventResult> results = app.capture().handle(events.get(i), "event " + i);
      assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.message()).isNotEqualTo(EventResult.Status.POISONED));
    }
    TableServiceClient service = new TableServiceClientBuilder().connectionString(Azurite.connectionString())
        .buildClient();
    Map<String, Map<String, Map<String, Object>>> out = new TreeMap<>();
    for (String table : TABLES) {
      Map<String, Map<String, Object>> rows = new TreeMap<>();
      service.createTableIfNotExists(table);
      for (TableEntity e : service.getTableClient(table).listEntities()) {
        Map<String, Object> properties = new TreeMap<>(e.getProperties());
        properties.keySet().removeIf(k -> k.startsWith("Timestamp") || k.startsWith("odata."));
        rows.put(e.getPartitionKey() + "/" + e.getRowKey(), properties);
      }
      out.put(table, rows);
    }
    return out;
  }

  /** Each row or property that differs, as "table row property: in order -> shuffled". */
  private static List<String> differences(Map<String, Map<String, Map<String, Object>>> expected,
      Map<String, Map<String, Map<String, Object>>> actual) {
    List<String> out = new ArrayList<>();
    for (String table : TABLES) {
      Map<String, Map<String, Object>> want = expected.get(table);
      Map<String, Map<String, Object>> got = actual.get(table);
      java.util.Set<String> rows = new java.util.TreeSet<>(want.keySet());
      rows.addAll(got.keySet());
      for (String row : rows) {
        Map<String, Object> w = want.getOrDefault(row, Map.of());
        Map<String, Object> g = got.getOrDefault(row, Map.of());
        java.util.Set<String> names = new java.util.TreeSet<>(w.keySet());
        names.addAll(g.keySet());
        for (String name : names) {
          if (!java.util.Objects.equals(w.get(name), g.get(name))) {
            out.add(table + " " + row + " " + name + ": " + w.get(name) + " -> " + g.get(name));
          }
        }
      }
    }
    return out;
  }

  /** Monday's and Tuesday's events, one JSON document each. */
  private static List<String> demoEvents() throws IOException {
    List<String> out = new ArrayList<>();
    for (String file : List.of("1-monday.json", "2-tuesday.json")) {
      for (JsonNode event : JSON.readTree(resource("/demo/events/" + file))) {
        out.add(JSON.writeValueAsString(event));
      }
    }
    return out;
  }

  /** Tuesday's tenant, with Monday's Owner grant (deleted on Tuesday) still answering ARM's GET. */
  private Path tenant() throws IOException {
    for (String file : List.of("appSettings.json", "deletedPrincipals.json", "identities.json", "principals.json",
        "roleDefinitions.json", "sites.json")) {
      Files.write(dir.resolve(file), resource("/demo/day2/" + file));
    }
    ArrayNode assignments = (ArrayNode) JSON.readTree(resource("/demo/day2/roleAssignments.json")).path("value");
    for (JsonNode a : JSON.readTree(resource("/demo/day1/roleAssignments.json")).path("value")) {
      if (a.path("name").asText().endsWith("000000000001")) {
        assignments.add(a);
      }
    }
    Files.writeString(dir.resolve("roleAssignments.json"), JSON.createObjectNode().set("value", assignments).toString());
    return dir;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = EventOrderIT.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("no resource " + name);
      }
      return in.readAllBytes();
    }
  }
}
