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
 * consults, are one partition read, not a table scan), row = channel + "." + alert id. Each row carries the finding as it was when the alert was
 * made (the `findings` properties) plus `fingerprint`, `alertKind`, `alertStatus`, `attempts`, `createdAt`,
 * `nextAttemptAt`, `lastError`.
 */
final class TableAlertOutbox implements AlertOutbox {
  private final Table table;
  /** The ETag of each row `due` returned: a claim succeeds only on a row nobody changed since. */
  private final Map<String, String> etags = new ConcurrentHashMap<>();

  TableAlertOutbox(Table table) {
    this.table = table;
  }

  @Override
  public void add(Alert alert) {
    table.insert(entity(alert));
  }

  @Override
  public void update(Alert alert) {
    table.upsert(entity(alert));
  }

  @Override
  public List<Alert> due(Instant now) {
    List<TableEntity> rows = table.query("alertStatus eq " + TableKeys.odataString(Alert.Status.PENDING.name())
        + " and nextAttemptAt le datetime'" + DateTimeFormatter.ISO_INSTANT.format(now) + "'");
    rows.forEach(e -> etags.put(e.getPartitionKey() + "/" + e.getRowKey(), e.getETag()));
    return sorted(rows);
  }

  @Override
  public boolean claim(Alert alert, Instant until) {
    TableEntity claim = new TableEntity(alert.finding().fingerprint(), rowKey(alert));
    String etag = etags.remove(claim.getPartitionKey() + "/" + claim.getRowKey());
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
        Optional.ofNullable(e.getProperty("lastError")).map(Object::toString).filter(s -> !s.isEmpty()));
  }
}
