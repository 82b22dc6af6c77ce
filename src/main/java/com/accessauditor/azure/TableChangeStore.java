package com.accessauditor.azure;

import com.accessauditor.events.Caller;
import com.accessauditor.events.Change;
import com.accessauditor.events.ChangeKind;
import com.accessauditor.events.ChangeStore;
import com.accessauditor.events.Outcome;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import com.azure.data.tables.models.TableEntity;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** `changes`: partition = UTC day of the event (time-range queries), row = event id (idempotent). */
final class TableChangeStore implements ChangeStore {
  private final Table table;

  TableChangeStore(Table table) {
    this.table = table;
  }

  @Override
  public Optional<Change> find(String eventId, Instant eventTime) {
    return table.get(TableKeys.dayPartition(eventTime), TableKeys.encode(eventId)).map(TableChangeStore::fromEntity);
  }

  @Override
  public void put(Change c) {
    TableEntity e = new TableEntity(TableKeys.dayPartition(c.eventTime()), TableKeys.encode(c.eventId()));
    Entities.put(e, "eventId", c.eventId());
    e.addProperty("eventTime", Entities.time(c.eventTime()));
    Entities.put(e, "kind", c.kind().name());
    Entities.put(e, "outcome", c.outcome().name().toLowerCase());
    Entities.put(e, "operationName", c.operationName());
    Entities.put(e, "resourceId", c.resourceId());
    Entities.put(e, "subscriptionId", c.subscriptionId());
    Entities.put(e, "callerUpn", c.caller().upn());
    Entities.put(e, "callerObjectId", c.caller().objectId());
    Entities.put(e, "callerAppId", c.caller().appId());
    Entities.put(e, "callerType", c.caller().identityType());
    Entities.put(e, "callerName", c.caller().name());
    Entities.put(e, "callerIp", c.caller().ipAddress());
    Entities.put(e, "correlationId", c.correlationId());
    Entities.put(e, "principalId", c.principalId().map(PrincipalId::value));
    Entities.put(e, "principalType", c.principalType());
    Entities.put(e, "roleDefinitionId", c.roleDefinitionId());
    Entities.put(e, "roleName", c.roleName());
    Entities.put(e, "scope", c.scope().map(Scope::value));
    Entities.put(e, "condition", c.condition());
    Entities.put(e, "previousPrincipalId", c.previousPrincipalId().map(PrincipalId::value));
    e.addProperty("complete", c.complete());
    Entities.put(e, "pendingReason", c.pendingReason());
    Entities.put(e, "summary", c.summary());
    Entities.put(e, "source", "event");
    table.upsert(e);
  }

  @Override
  public List<Change> list() {
    return table.query(null).stream()
        .map(TableChangeStore::fromEntity)
        .sorted(Comparator.comparing(Change::eventTime))
        .toList();
  }

  private static Change fromEntity(TableEntity e) {
    return new Change(
        Entities.string(e, "eventId"),
        Entities.instant(e, "eventTime").orElse(Instant.EPOCH),
        ChangeKind.valueOf(Entities.string(e, "kind")),
        Outcome.valueOf(Entities.string(e, "outcome").toUpperCase()),
        Entities.string(e, "operationName"),
        Entities.string(e, "resourceId"),
        Entities.string(e, "subscriptionId"),
        new Caller(
            Entities.optional(e, "callerUpn"),
            Entities.optional(e, "callerObjectId"),
            Entities.optional(e, "callerAppId"),
            Entities.optional(e, "callerType"),
            Entities.optional(e, "callerName"),
            Entities.optional(e, "callerIp")),
        Entities.string(e, "correlationId"),
        Entities.optional(e, "principalId").map(PrincipalId::parse),
        Entities.optional(e, "principalType"),
        Entities.optional(e, "roleDefinitionId"),
        Entities.optional(e, "roleName"),
        Entities.optional(e, "scope").map(Scope::parse),
        Entities.optional(e, "condition"),
        Entities.optional(e, "previousPrincipalId").map(PrincipalId::parse),
        Entities.optional(e, "pendingReason"),
        Entities.string(e, "summary"));
  }
}
