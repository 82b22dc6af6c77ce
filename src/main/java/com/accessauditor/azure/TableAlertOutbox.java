package com.accessauditor.azure;

import com.accessauditor.alerts.Alert;
import com.accessauditor.alerts.AlertKind;
import com.accessauditor.alerts.AlertOutbox;
import com.azure.data.tables.models.TableEntity;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;

/**
 * `alerts`: partition = the finding's fingerprint (so the alerts of one finding, which every finding write
 * consults, are one partition read, not a table scan), row = channel + "." + alert id. Each row carries the
 * finding as it was when the alert was made (the `findings` properties) plus `fingerprint`, `channel`,
 * `alertKind`, `alertStatus`, `attempts`, `createdAt`, `nextAttemptAt`, `lastError`.
 *
 * <p>`alertsdue`: one row per alert not yet sent or given up (partition `due`, row = fingerprint + "." +
 * the alert's row key), so the delivery timer reads one small partition each minute instead of scanning
 * every alert ever sent; it carries the alert's `nextAttemptAt`, so alerts backing off are not read until
 * they are due. The pointer is written before the alert and removed after it is done; a pointer
 * left by a crash to an alert that is done, or never written, is cleared when next read.
 */
final class TableAlertOutbox implements AlertOutbox {
  private static final String DUE = "due";
  private final Table table;
  private final Table pending;
  /** The ETag of each row `due` returned: a claim succeeds only on a row nobody changed since. */
  private final Map<String, String> etags = new ConcurrentHashMap<>();

  TableAlertOutbox(Table table, Table pending) {
    this.table = table;
    this.pending = pending;
  }

  @Override
  public boolean add(Alert alert) {
    if (alert.status() == Alert.Status.PENDING) {
      pending.insert(pointer(alert));
    }
    // A new row may be claimed by whoever wrote it, as one `due` returned may: its ETag is kept the same way.
    TableEntity row = entity(alert);
    Optional<String> etag = table.create(row);
    etag.filter(t -> !t.isEmpty()).ifPresent(t -> etags.put(etagKey(row), t));
    return etag.isPresent();
  }

  @Override
  public void update(Alert alert) {
    table.upsert(entity(alert));
    if (alert.status() == Alert.Status.PENDING) {
      pending.upsert(pointer(alert));
    } else {
      pending.delete(DUE, pointerKey(alert));
    }
  }

  @Override
  public List<Alert> due(Instant now) {
    List<TableEntity> rows = new java.util.ArrayList<>();
    // Only pointers that say they are due: alerts backing off from a failing channel are not read each minute.
    for (TableEntity p : pending.query("PartitionKey eq " + TableKeys.odataString(DUE) + " and nextAttemptAt le "
        + "datetime'" + DateTimeFormatter.ISO_INSTANT.format(now) + "'")) {
      String key = p.getRowKey();
      int dot = key.indexOf('.');
      Optional<TableEntity> row = table.get(key.substring(0, dot), key.substring(dot + 1));
      boolean done = row.map(r -> !Alert.Status.PENDING.name().equals(r.getProperty("alertStatus"))).orElse(false);
      if (done || (row.isEmpty() && p.getTimestamp() != null
          && p.getTimestamp().toInstant().isBefore(now.minus(java.time.Duration.ofHours(1))))) {
        pending.delete(DUE, key);
        continue;
      }
      row.filter(r -> !Entities.instant(r, "nextAttemptAt").orElse(Instant.EPOCH).isAfter(now)).ifPresent(r -> {
        etags.put(etagKey(r), r.getETag());
        rows.add(r);
      });
    }
    return sorted(rows);
  }

  /** The alert's row in `alertsdue`, carrying when it is next due. */
  private static TableEntity pointer(Alert a) {
    TableEntity p = new TableEntity(DUE, pointerKey(a));
    p.addProperty("nextAttemptAt", Entities.time(a.nextAttemptAt()));
    return p;
  }

  private static String pointerKey(Alert a) {
    return a.finding().fingerprint() + "." + rowKey(a);
  }

  @Override
  public boolean claim(Alert alert, Instant until) {
    TableEntity claim = new TableEntity(alert.finding().fingerprint(), rowKey(alert));
    String etag = etags.remove(etagKey(claim));
    if (etag == null) {
      return false;
    }
    claim.addProperty("nextAttemptAt", Entities.time(until));
    return table.mergeIfUnchanged(claim, etag);
  }

  @Override
  public List<Alert> forFinding(String fingerprint) {
    return sorted(table.query("PartitionKey eq " + TableKeys.odataString(fingerprint)));
  }

  @Override
  public List<Alert> list() {
    return sorted(table.query(null));
  }

  private static List<Alert> sorted(List<TableEntity> rows) {
    return rows.stream().map(TableAlertOutbox::alertFrom).sorted(Comparator.comparing(Alert::createdAt)).toList();
  }

  /** Where a row's ETag is kept between reading (or writing) it and claiming it. */
  private static String etagKey(TableEntity row) {
    return row.getPartitionKey() + "/" + row.getRowKey();
  }

  private static TableEntity entity(Alert a) {
    TableEntity finding = TableFindingStore.entity(a.finding());
    TableEntity e = new TableEntity(a.finding().fingerprint(), rowKey(a));
    finding.getProperties().forEach((k, v) -> {
      if (!k.equals("PartitionKey") && !k.equals("RowKey") && !k.equals("Timestamp") && !k.startsWith("odata.")) {
        e.addProperty(k, v);
      }
    });
    Entities.put(e, "fingerprint", a.finding().fingerprint());
    Entities.put(e, "channel", a.channel());
    Entities.put(e, "alertKind", a.kind().name());
    Entities.put(e, "alertStatus", a.status().name());
    e.addProperty("attempts", a.attempts());
    e.addProperty("createdAt", Entities.time(a.createdAt()));
    e.addProperty("nextAttemptAt", Entities.time(a.nextAttemptAt()));
    Entities.put(e, "lastError", a.lastError());
    if (!a.consequences().isEmpty()) {
      Entities.put(e, "consequences", consequences(a.consequences()));
    }
    return e;
  }

  private static String rowKey(Alert a) {
    return TableKeys.encode(a.channel()) + "." + a.id();
  }

  private static Alert alertFrom(TableEntity e) {
    Object attempts = e.getProperty("attempts");
    String id = e.getRowKey().substring(e.getRowKey().lastIndexOf('.') + 1);
    return new Alert(id, Entities.string(e, "channel"), AlertKind.valueOf(Entities.string(e, "alertKind")),
        TableFindingStore.fromProperties(e, Entities.string(e, "fingerprint")),
        Entities.instant(e, "createdAt").orElse(Instant.EPOCH),
        Alert.Status.valueOf(Entities.string(e, "alertStatus")),
        attempts instanceof Number n ? n.intValue() : 0,
        Entities.instant(e, "nextAttemptAt").orElse(Instant.EPOCH),
        Optional.ofNullable(e.getProperty("lastError")).map(Object::toString).filter(s -> !s.isEmpty()),
        consequences(Entities.string(e, "consequences")));
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** As JSON: a title may hold any character. */
  private static String consequences(List<Alert.Consequence> told) {
    try {
      return JSON.writeValueAsString(told);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Alert.Consequence> consequences(String json) {
    if (json.isEmpty()) {
      return List.of();
    }
    try {
      return List.of(JSON.readValue(json, Alert.Consequence[].class));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("an alert's consequences are not the JSON this version writes: " + e
          .getOriginalMessage());
    }
  }
}
