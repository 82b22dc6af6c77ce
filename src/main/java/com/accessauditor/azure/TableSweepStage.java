package com.accessauditor.azure;

import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.sweep.DirectoryAnswers;
import com.accessauditor.sweep.StagedSubscription;
import com.accessauditor.sweep.SweepStage;
import com.azure.data.tables.models.TableEntity;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * `sweepstage`: partition = run id; a subscription's staged facts as JSON cut into rows "s-{subscription}-{n}",
 * and what the directory said about its principals in rows "p-{subscription}-{n}", each of at most 30,000 characters (a string property holds 64 KiB), the last row saying how many there are, so a
 * subscription whose rows are cut short is an error, never a smaller tenant.
 */
final class TableSweepStage implements SweepStage {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int PART = 30_000;
  private final Table table;

  TableSweepStage(Table table) {
    this.table = table;
  }

  @Override
  public void put(String runId, StagedSubscription s, DirectoryAnswers principals) {
    // Principals first: a subscription whose facts rows are there has its principals' rows too.
    putParts(runId, "p-", s.subscriptionId(), StagedJson.write(principals));
    putParts(runId, "s-", s.subscriptionId(), StagedJson.write(s));
  }

  @Override
  public DirectoryAnswers principals(String runId, String subscriptionId) {
    String from = "p-" + subscriptionId + "-";
    List<TableEntity> rows = table.query("PartitionKey eq " + TableKeys.odataString(runId) + " and RowKey ge "
        + TableKeys.odataString(from) + " and RowKey lt " + TableKeys.odataString("p-" + subscriptionId + "."));
    Map<String, String> joined = joined(runId, rows);
    String json = joined.get(subscriptionId);
    if (json == null) {
      throw new IllegalStateException("sweepstage has no directory answers for subscription " + subscriptionId
          + " in run " + runId + ": its worker must sweep it again");
    }
    try {
      return StagedJson.readPrincipals(JSON.readTree(json));
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalStateException("sweepstage directory answers of subscription " + subscriptionId + " in run "
          + runId + " cannot be read (" + e.getMessage() + "): its worker must sweep it again", e);
    }
  }

  @Override
  public void putDeleted(String runId, Lookup<List<Principal>> deleted) {
    ObjectNode o = JSON.createObjectNode();
    if (deleted instanceof Lookup.Found<List<Principal>> found) {
      Map<PrincipalId, Principal> byId = new LinkedHashMap<>();
      found.value().forEach(p -> byId.put(p.id(), p));
      o.set("deleted", readTreeOf(StagedJson.write(new DirectoryAnswers(java.util.Set.of(), new PrincipalBatch(byId,
          java.util.Set.of(), List.of())))));
    } else {
      o.put("failed", deleted instanceof Lookup.Failed<List<Principal>> f ? f.reason() : "not found");
    }
    putParts(runId, "d-", "all", o.toString());
  }

  @Override
  public Optional<Lookup<List<Principal>>> deleted(String runId) {
    List<TableEntity> rows = table.query("PartitionKey eq " + TableKeys.odataString(runId)
        + " and RowKey ge 'd-all-' and RowKey lt 'd-all.'");
    String json = joined(runId, rows).get("all");
    if (json == null) {
      return Optional.empty();
    }
    try {
      JsonNode o = JSON.readTree(json);
      if (o.has("failed")) {
        return Optional.of(Lookup.failed(o.get("failed").asText()));
      }
      return Optional.of(Lookup.found(List.copyOf(StagedJson.readPrincipals(o.get("deleted")).batch().found().values())));
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalStateException("sweepstage's deleted directory objects of run " + runId + " cannot be read ("
          + e.getMessage() + ")", e);
    }
  }

  private static JsonNode readTreeOf(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void putParts(String runId, String kind, String subscriptionId, String json) {
    List<String> parts = parts(json);
    List<TableEntity> rows = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      TableEntity e = new TableEntity(runId, kind + subscriptionId + "-" + String.format("%05d", i));
      e.addProperty("part", parts.get(i));
      e.addProperty("parts", parts.size());
      rows.add(e);
    }
    // A transaction carries at most 4 MiB: 30 rows of 60 KiB each.
    for (int from = 0; from < rows.size(); from += 30) {
      table.upsertAll(rows.subList(from, Math.min(rows.size(), from + 30)));
    }
  }

  /** Cut at most every PART characters, never between the two halves of a surrogate pair. */
  static List<String> parts(String json) {
    List<String> out = new ArrayList<>();
    int from = 0;
    do {
      int to = Math.min(json.length(), from + PART);
      if (to < json.length() && Character.isHighSurrogate(json.charAt(to - 1))) {
        to--;
      }
      out.add(json.substring(from, to));
      from = to;
    } while (from < json.length());
    return out;
  }

  @Override
  public List<StagedSubscription> read(String runId) {
    List<TableEntity> rows = table.query("PartitionKey eq " + TableKeys.odataString(runId) + " and RowKey ge 's-'"
        + " and RowKey lt 's.'");
    List<StagedSubscription> out = new ArrayList<>();
    joined(runId, rows).forEach((sub, json) -> {
      try {
        out.add(StagedJson.read(JSON.readTree(json)));
      } catch (JsonProcessingException | RuntimeException e) {
        throw new IllegalStateException("sweepstage rows of subscription " + sub + " in run " + runId
            + " cannot be read (" + e.getMessage() + "): its worker must sweep it again", e);
      }
    });
    return out;
  }

  /** Run ids begin with their planned time, so the older runs' partitions sort before it. */
  @Override
  public void dropBefore(Instant before) {
    String older = com.accessauditor.sweep.SweepRun.newId(before).substring(0, 16);
    table.query("PartitionKey lt " + TableKeys.odataString(older))
        .forEach(e -> table.delete(e.getPartitionKey(), e.getRowKey()));
  }

  @Override
  public void drop(String runId) {
    table.query("PartitionKey eq " + TableKeys.odataString(runId)).forEach(e -> table.delete(runId, e.getRowKey()));
  }

  /** Each subscription's parts, put back together; a subscription whose parts are not all there is an error. */
  private static Map<String, String> joined(String runId, List<TableEntity> rows) {
    Map<String, TreeMap<Integer, TableEntity>> bySubscription = new LinkedHashMap<>();
    for (TableEntity e : rows) {
      String key = e.getRowKey();
      int dash = key.lastIndexOf('-');
      bySubscription.computeIfAbsent(key.substring(2, dash), k -> new TreeMap<>())
          .put(Integer.parseInt(key.substring(dash + 1)), e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    bySubscription.forEach((sub, parts) -> {
      Object expected = parts.firstEntry().getValue().getProperty("parts");
      if (!(expected instanceof Integer n) || parts.size() != n || parts.lastKey() != n - 1) {
        throw new IllegalStateException("sweepstage rows of subscription " + sub + " in run " + runId + " are cut"
            + " short (" + parts.size() + " of " + expected + "): its worker must sweep it again; the final step"
            + " does not judge the tenant from part of it");
      }
      StringBuilder json = new StringBuilder();
      parts.values().forEach(e -> json.append(Entities.string(e, "part")));
      out.put(sub, json.toString());
    });
    return out;
  }

}
