package com.accessauditor.azure;

import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.FindingQuery;
import com.accessauditor.findings.FindingStatus;
import com.accessauditor.findings.FindingStore;
import com.accessauditor.findings.Severity;
import com.accessauditor.findings.Suppression;
import com.accessauditor.model.Text;
import com.azure.data.tables.models.TableEntity;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** `findings`: partition = subscription ("tenant" for higher scopes), row = fingerprint. */
final class TableFindingStore implements FindingStore {
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(TableFindingStore.class.getName());
  private final Table table;

  TableFindingStore(Table table) {
    this.table = table;
  }

  @Override
  public Optional<Finding> find(String subscriptionId, String fingerprint) {
    return table.get(TableKeys.subscriptionPartition(subscriptionId), fingerprint).map(TableFindingStore::fromEntity);
  }

  @Override
  public void put(Finding f) {
    table.upsert(entity(f));
  }

  @Override
  public void putAll(List<Finding> findings) {
    table.upsertAll(findings.stream().map(TableFindingStore::entity).toList());
  }

  static TableEntity entity(Finding f) {
    TableEntity e = new TableEntity(TableKeys.subscriptionPartition(f.subscriptionId()), f.fingerprint());
    Entities.put(e, "kind", f.kind().name());
    Entities.put(e, "severity", f.severity().label());
    Entities.put(e, "status", f.status().label());
    Entities.put(e, "subscriptionId", f.subscriptionId());
    Entities.put(e, "scope", f.scope());
    Entities.put(e, "principalId", f.principalId());
    Entities.put(e, "principalType", f.principalType());
    Entities.put(e, "principalName", f.principalName());
    Entities.put(e, "roleName", f.roleName());
    Entities.put(e, "title", f.title());
    Entities.put(e, "detail", f.detail());
    Entities.put(e, "remediation", f.remediation());
    e.addProperty("firstSeen", Entities.time(f.firstSeen()));
    e.addProperty("lastSeen", Entities.time(f.lastSeen()));
    f.resolvedAt().ifPresent(r -> e.addProperty("resolvedAt", Entities.time(r)));
    Entities.put(e, "source", f.source().name().toLowerCase(Locale.ROOT));
    Entities.put(e, "evidence", String.join(",", f.evidence()));
    // Always written (empty when not suppressed), so an upsert that unsuppresses clears the old reason.
    Entities.put(e, "suppressedBy", f.suppression().map(s -> s.origin().label()).orElse(""));
    Entities.put(e, "suppressedBecause", f.suppression().map(Suppression::because).orElse(""));
    Entities.put(e, "causedBy", f.causedBy().orElse(""));
    return e;
  }

  @Override
  public List<Finding> list() {
    return logged(rows(table.query(null), FindingQuery.all())).findings();
  }

  /** Filters on the server: the partition when a subscription is given, and each property asked for. */
  @Override
  public List<Finding> query(FindingQuery q) {
    return logged(read(q)).findings();
  }

  @Override
  public Rows read(FindingQuery q) {
    return rows(table.query(filter(q)), q);
  }

  /** One row that is not a finding never hides the others: it is skipped and named. */
  private static Rows rows(List<TableEntity> entities, FindingQuery q) {
    List<Finding> found = new ArrayList<>(entities.size());
    List<String> unreadable = new ArrayList<>();
    for (TableEntity e : entities) {
      try {
        Finding f = fromEntity(e);
        if (q.matches(f)) {
          found.add(f);
        }
      } catch (RuntimeException bad) {
        unreadable.add("findings row " + Text.clip(e.getPartitionKey()) + "/" + Text.clip(e.getRowKey()) + ": "
            + Text.clip(bad.getMessage()));
      }
    }
    found.sort(Finding.MOST_SEVERE_FIRST);
    return new Rows(found, unreadable);
  }

  private static Rows logged(Rows rows) {
    if (!rows.unreadable().isEmpty()) {
      LOG.warning(rows.unreadable().size() + " findings row(s) skipped, not readable as findings; first: "
          + rows.unreadable().get(0));
    }
    return rows;
  }

  /** Every value is validated by {@link FindingQuery} and escaped again here. */
  static String filter(FindingQuery q) {
    List<String> terms = new ArrayList<>();
    q.subscriptionId().ifPresent(s -> terms.add("PartitionKey eq " + TableKeys.odataString(
        TableKeys.subscriptionPartition(s))));
    q.status().ifPresent(s -> terms.add("status eq " + TableKeys.odataString(s.label())));
    q.kind().ifPresent(k -> terms.add("kind eq " + TableKeys.odataString(k.name())));
    q.severity().ifPresent(min -> terms.add("(" + String.join(" or ", Arrays.stream(Severity.values())
        .filter(s -> s.atLeast(min)).map(s -> "severity eq " + TableKeys.odataString(s.label())).toList()) + ")"));
    q.principal().ifPresent(p -> terms.add("principalId eq " + TableKeys.odataString(p.value())));
    q.since().ifPresent(t -> terms.add("lastSeen ge datetime'" + DateTimeFormatter.ISO_INSTANT.format(t) + "'"));
    return terms.isEmpty() ? null : String.join(" and ", terms);
  }

  private static Finding fromEntity(TableEntity e) {
    return fromProperties(e, e.getRowKey());
  }

  /** A finding from an entity holding the `findings` properties (also the alert outbox's copy of one). */
  static Finding fromProperties(TableEntity e, String fingerprint) {
    String evidence = Entities.string(e, "evidence");
    return new Finding(
        fingerprint,
        known(FindingKind.class, "kind", Entities.string(e, "kind")),
        Severity.parse(Entities.string(e, "severity")),
        known(FindingStatus.class, "status", Entities.string(e, "status").toUpperCase(Locale.ROOT)),
        Entities.string(e, "subscriptionId"),
        Entities.string(e, "scope"),
        Entities.string(e, "principalId"),
        Entities.string(e, "principalType"),
        Entities.string(e, "principalName"),
        Entities.string(e, "roleName"),
        Entities.string(e, "title"),
        Entities.string(e, "detail"),
        Entities.string(e, "remediation"),
        Entities.instant(e, "firstSeen").orElse(Instant.EPOCH),
        Entities.instant(e, "lastSeen").orElse(Instant.EPOCH),
        Entities.instant(e, "resolvedAt"),
        known(FindingDraft.Source.class, "source", Entities.string(e, "source").toUpperCase(Locale.ROOT)),
        evidence.isEmpty() ? List.of() : Arrays.asList(evidence.split(",")),
        Suppression.Origin.parse(Entities.string(e, "suppressedBy"))
            .map(o -> new Suppression(o, Entities.string(e, "suppressedBecause"))),
        Optional.of(Entities.string(e, "causedBy")).filter(c -> !c.isEmpty()));
  }

  private static <E extends Enum<E>> E known(Class<E> type, String property, String value) {
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(property + " '" + Text.clip(value) + "' is not one this version knows"
          + " (written by a newer version, or edited by hand)");
    }
  }
}
