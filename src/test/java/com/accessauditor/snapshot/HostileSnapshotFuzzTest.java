package com.accessauditor.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Stores;
import com.accessauditor.app.Tenant;
import com.accessauditor.model.Scope;
import com.accessauditor.support.Resources;
import com.accessauditor.sweep.SweepReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated damage to the files of a real export, with a fixed seed, loaded and swept: a file that cannot be
 * used is named in the problems (and what depends on it is a gap), anything else is read, and nothing crashes.
 */
class HostileSnapshotFuzzTest {
  private static final long SEED = 1414L;
  private static final int ROUNDS = 80;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Scope SUBSCRIPTION = Scope.parse("/subscriptions/11111111-2222-3333-4444-555555555555");
  private static final String[] HOSTILE = {"\u001b[2J", "a\r\nforged", "\u202e", "\ud800", "\udc00x",
      "Microsoft.Web/" + "*a".repeat(30) + "b", "/subscriptions/" + "*/".repeat(1000)};

  @Test
  void damagedExportFilesAreNamedAsProblemsAndTheSweepGoesOnWithoutThem(@TempDir Path dir) throws Exception {
    Path original = Resources.path("snapshots/recycled-app");
    List<String> names;
    try (Stream<Path> files = Files.list(original)) {
      names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
    }
    Random random = new Random(SEED);
    Clock clock = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);

    int[] refused = {0};
    int[] backtracking = {0};
    assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
      for (int round = 0; round < ROUNDS; round++) {
        Path folder = Files.createDirectories(dir.resolve("round-" + round));
        for (String name : names) {
          Files.copy(original.resolve(name), folder.resolve(name));
        }
        String damaged = names.get(random.nextInt(names.size()));
        String what = "round " + round + ": " + damage(folder.resolve(damaged), random) + " " + damaged;

        backtracking[0] += what.contains("backtracking") ? 1 : 0;
        SnapshotTenant tenant = SnapshotTenant.load(folder);
        assertThat(tenant.problems()).as(what).allSatisfy(p -> assertThat(p).contains(damaged));
        SweepReport report;
        try {
          report = new AuditorApp(Tenant.of(tenant), Stores.inMemory(), clock).sweep()
              .run(List.of(SUBSCRIPTION), Optional.empty(), line -> {});
        } catch (RuntimeException e) {
          throw new AssertionError(what + " crashed the sweep: " + e, e);
        }
        refused[0] += tenant.problems().isEmpty() ? 0 : 1;
        if (!tenant.problems().isEmpty() && !damaged.equals("deletedPrincipals.json")) {
          assertThat(report.complete()).as(what + ": a file that could not be used is a gap").isFalse();
        }
      }
    });
    assertThat(refused[0]).as("rounds whose damage made a file unusable, of " + ROUNDS).isBetween(ROUNDS / 4, ROUNDS - 1);
    assertThat(backtracking[0]).as("rounds that granted a role of backtracking patterns").isPositive();
  }

  /** Damages the file as people's tools and attackers do; says how. */
  private static String damage(Path file, Random random) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    if (file.getFileName().toString().equals("roleDefinitions.json") && random.nextBoolean()) {
      // A custom role built to make a backtracking matcher run for minutes, assigned to nobody and to somebody.
      JsonNode root = JSON.readTree(bytes);
      ObjectNode role = ((com.fasterxml.jackson.databind.node.ArrayNode) (root.isArray() ? root : root.path("value")))
          .addObject()
          .put("id", "/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.Authorization/"
              + "roleDefinitions/0badc0de-0000-4000-8000-000000000001")
          .put("name", "0badc0de-0000-4000-8000-000000000001").put("type", "Microsoft.Authorization/roleDefinitions");
      ObjectNode properties = role.putObject("properties").put("roleName", "Backtracker").put("type", "CustomRole");
      ObjectNode permission = properties.putArray("permissions").addObject();
      permission.putArray("actions").add("*a".repeat(12) + "*b").add("Microsoft." + "*/".repeat(40) + "x");
      permission.putArray("notActions").add("*a*a*a*a*a*a*a*a*a*a*a*a*c");
      permission.putArray("dataActions").add("*a".repeat(12) + "*b");
      permission.putArray("notDataActions");
      properties.putArray("assignableScopes").add("/subscriptions/11111111-2222-3333-4444-555555555555");
      // az's flattened rows carry the same fields at the top.
      role.put("roleName", "Backtracker").put("roleType", "CustomRole");
      role.set("permissions", properties.get("permissions"));
      role.set("assignableScopes", properties.get("assignableScopes"));
      Files.writeString(file, JSON.writeValueAsString(root));
      Path grants = file.resolveSibling("roleAssignments.json");
      JsonNode assignments = JSON.readTree(Files.readAllBytes(grants));
      JsonNode template = (assignments.isArray() ? assignments : assignments.path("value")).get(0);
      ObjectNode grant = ((com.fasterxml.jackson.databind.node.ArrayNode) (assignments.isArray() ? assignments
          : assignments.path("value"))).addObject();
      grant.setAll((ObjectNode) template.deepCopy());
      String id = "/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.Authorization/"
          + "roleAssignments/0badc0de-0000-4000-8000-0000000000aa";
      grant.put("id", id).put("name", "0badc0de-0000-4000-8000-0000000000aa");
      if (grant.has("properties")) {
        ((ObjectNode) grant.get("properties")).put("roleDefinitionId", role.get("id").asText())
            .put("scope", "/subscriptions/11111111-2222-3333-4444-555555555555");
      } else {
        grant.put("roleDefinitionId", role.get("id").asText())
            .put("scope", "/subscriptions/11111111-2222-3333-4444-555555555555");
      }
      Files.writeString(grants, JSON.writeValueAsString(assignments));
      return "a custom role of backtracking patterns, granted, in";
    }
    switch (random.nextInt(8)) {
      case 0 -> {
        Files.write(file, java.util.Arrays.copyOf(bytes, random.nextInt(Math.max(1, bytes.length))));
        return "cut short";
      }
      case 1 -> {
        byte[] bom = {(byte) 0xFF, (byte) 0xFE};
        byte[] utf16 = new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16LE);
        Files.write(file, concat(bom, utf16));
        return "saved as UTF-16 by PowerShell";
      }
      case 2 -> {
        bytes[random.nextInt(bytes.length)] = (byte) 0xC3;
        bytes[random.nextInt(bytes.length)] = (byte) 0x28;
        Files.write(file, bytes);
        return "broken UTF-8 in";
      }
      case 3 -> {
        Files.writeString(file, "[".repeat(3000) + "]".repeat(3000));
        return "nested 3000 deep:";
      }
      case 4 -> {
        Files.writeString(file, "{\"value\":[],\"nextLink\":\"https://management.azure.com/next\"}");
        return "one page of";
      }
      default -> {
        JsonNode root = JSON.readTree(bytes);
        JsonNode list = root.isArray() ? root : root.path("value");
        JsonNode picked = list.isArray() && !list.isEmpty() ? list.get(random.nextInt(list.size())) : root;
        if (!(picked instanceof ObjectNode row) || row.isEmpty()) {
          return "nothing to change in";
        }
        List<String> fields = new ArrayList<>();
        row.fieldNames().forEachRemaining(fields::add);
        String field = fields.get(random.nextInt(fields.size()));
        String how;
        switch (random.nextInt(4)) {
          case 0 -> {
            row.put(field, 42);
            how = "a number for " + field + " in";
          }
          case 1 -> {
            row.putArray(field).add("x");
            how = "an array for " + field + " in";
          }
          case 2 -> {
            row.put(field, row.path(field).asText("") + HOSTILE[random.nextInt(HOSTILE.length)]);
            how = "hostile text in " + field + " of";
          }
          default -> {
            row.put(field, "y".repeat(2_000_000));
            how = "2 MB in " + field + " of";
          }
        }
        Files.writeString(file, com.accessauditor.model.Text.wellFormed(JSON.writeValueAsString(root)));
        return how;
      }
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
