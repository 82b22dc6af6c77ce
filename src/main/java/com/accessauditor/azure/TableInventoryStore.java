package com.accessauditor.azure;

import com.accessauditor.inventory.InventoryStore;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.inventory.KnownIdentity;
import com.accessauditor.inventory.KnownRole;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.snapshot.SnapshotShapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.Scope;
import com.azure.data.tables.models.TableEntity;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * `assignments` and `identities`: partition = subscription, row = the encoded, lower-cased ARM id.
 * Deleted rows stay as tombstones (`deleted = true`) so late, older events cannot resurrect them.
 */
final class TableInventoryStore implements InventoryStore {
  private static final String CUSTOM_ROLES = "custom";
  private static final String SWEPT = "subscription";

  private final Table assignments;
  private final Table identities;
  private final Table roles;
  private final Table sweeps;
  private final ObjectMapper json = new ObjectMapper();

  TableInventoryStore(Table assignments, Table identities, Table roles, Table sweeps) {
    this.assignments = assignments;
    this.identities = identities;
    this.roles = roles;
    this.sweeps = sweeps;
  }

  @Override
  public Optional<KnownAssignment> assignment(String assignmentId) {
    Scope id = Scope.parse(assignmentId);
    return assignments.get(partition(id), row(id)).map(TableInventoryStore::assignmentFrom);
  }

  @Override
  public void putAssignment(KnownAssignment a) {
    assignments.upsert(assignmentEntity(a));
  }

  @Override
  public void putAssignments(List<KnownAssignment> rows) {
    assignments.upsertAll(rows.stream().map(TableInventoryStore::assignmentEntity).toList());
  }

  @Override
  public List<KnownAssignment> assignmentsIn(String subscriptionId) {
    return assignments.query(partitionFilter(subscriptionId)).stream().map(TableInventoryStore::assignmentFrom)
        .toList();
  }

  private static TableEntity assignmentEntity(KnownAssignment a) {
    Scope id = Scope.parse(a.id());
    TableEntity e = new TableEntity(partition(id), row(id));
    Entities.put(e, "assignmentId", a.id());
    Entities.put(e, "scope", a.scope().value());
    a.grant().ifPresent(g -> {
      Entities.put(e, "principalId", g.principalId().value());
      Entities.put(e, "principalType", g.principalType());
      Entities.put(e, "roleDefinitionId", g.roleDefinitionId());
      Entities.put(e, "condition", g.condition());
      g.createdOn().ifPresent(t -> e.addProperty("createdOn", Entities.time(t)));
      Entities.put(e, "createdBy", g.createdBy());
    });
    Entities.put(e, "roleName", a.roleName());
    e.addProperty("asOf", Entities.time(a.asOf()));
    e.addProperty("deleted", a.deleted());
    Entities.put(e, "lastEventId", a.lastEventId());
    return e;
  }

  @Override
  public List<KnownAssignment> assignmentsOf(PrincipalId principal) {
    String filter = "principalId eq " + TableKeys.odataString(principal.value()) + " and deleted eq false";
    return assignments.query(filter).stream().map(TableInventoryStore::assignmentFrom).toList();
  }

  @Override
  public Optional<KnownIdentity> identity(Scope resourceId) {
    return identities.get(partition(resourceId), row(resourceId)).map(TableInventoryStore::identityFrom);
  }

  @Override
  public List<KnownIdentity> identitiesIn(String subscriptionId) {
    return identities.query(partitionFilter(subscriptionId)).stream().map(TableInventoryStore::identityFrom)
        .toList();
  }

  private static KnownIdentity identityFrom(TableEntity e) {
    return new KnownIdentity(
        Scope.parse(Entities.string(e, "resourceId")),
        KnownIdentity.Kind.valueOf(Entities.string(e, "identityKind")),
        Entities.optional(e, "principalId").map(PrincipalId::parse),
        Entities.optional(e, "clientId"),
        Entities.instant(e, "asOf").orElse(Instant.EPOCH),
        Entities.bool(e, "deleted"),
        Entities.string(e, "lastEventId"),
        Entities.optional(e, "previousPrincipalId").map(PrincipalId::parse));
  }

  @Override
  public List<KnownRole> customRoles() {
    return roles.query("PartitionKey eq " + TableKeys.odataString(CUSTOM_ROLES)).stream().map(e -> {
      try {
        RoleDefinition d = SnapshotShapes.roleDefinition(json.readTree(Entities.string(e, "definition")));
        return new KnownRole(d, Entities.instant(e, "asOf").orElse(Instant.EPOCH));
      } catch (IOException | IllegalArgumentException ex) {
        throw new IllegalStateException("roles row " + e.getRowKey() + " is not a role definition: " + ex.getMessage(),
            ex);
      }
    }).toList();
  }

  @Override
  public void putCustomRole(KnownRole role) {
    RoleDefinition d = role.definition();
    TableEntity e = new TableEntity(CUSTOM_ROLES, TableKeys.encode(d.guid()));
    ObjectNode node = json.createObjectNode().put("id", d.id());
    ObjectNode props = node.putObject("properties").put("roleName", d.roleName()).put("type", d.roleType());
    props.set("assignableScopes", json.valueToTree(d.assignableScopes()));
    props.set("permissions", json.valueToTree(d.permissions()));
    Entities.put(e, "roleName", d.roleName());
    Entities.put(e, "definition", node.toString());
    e.addProperty("asOf", Entities.time(role.asOf()));
    roles.upsert(e);
  }

  @Override
  public Optional<Instant> lastCompleteSweep(String subscriptionId) {
    return sweeps.get(SWEPT, TableKeys.encode(subscriptionId.toLowerCase(Locale.ROOT)))
        .flatMap(e -> Entities.instant(e, "completedAt"));
  }

  @Override
  public void markCompleteSweep(String subscriptionId, Instant at) {
    TableEntity e = new TableEntity(SWEPT, TableKeys.encode(subscriptionId.toLowerCase(Locale.ROOT)));
    e.addProperty("completedAt", Entities.time(at));
    sweeps.upsert(e);
  }

  private static String partitionFilter(String subscriptionId) {
    return "PartitionKey eq " + TableKeys.odataString(TableKeys.subscriptionPartition(subscriptionId));
  }

  @Override
  public void putIdentity(KnownIdentity i) {
    TableEntity e = new TableEntity(partition(i.resourceId()), row(i.resourceId()));
    Entities.put(e, "resourceId", i.resourceId().value());
    Entities.put(e, "identityKind", i.kind().name());
    Entities.put(e, "principalId", i.principalId().map(PrincipalId::value));
    Entities.put(e, "clientId", i.clientId());
    e.addProperty("asOf", Entities.time(i.asOf()));
    e.addProperty("deleted", i.deleted());
    Entities.put(e, "lastEventId", i.lastEventId());
    Entities.put(e, "previousPrincipalId", i.previousPrincipalId().map(PrincipalId::value));
    identities.upsert(e);
  }

  private static KnownAssignment assignmentFrom(TableEntity e) {
    String id = Entities.string(e, "assignmentId");
    Scope scope = Scope.parse(Entities.string(e, "scope"));
    Optional<RoleAssignment> grant = Entities.optional(e, "principalId").map(p -> new RoleAssignment(
        id, scope, PrincipalId.parse(p), Entities.string(e, "principalType"), Entities.string(e, "roleDefinitionId"),
        Entities.optional(e, "condition"), Entities.instant(e, "createdOn"), Entities.optional(e, "createdBy")));
    return new KnownAssignment(id, scope, grant, Entities.string(e, "roleName"),
        Entities.instant(e, "asOf").orElse(Instant.EPOCH), Entities.bool(e, "deleted"),
        Entities.string(e, "lastEventId"));
  }

  private static String partition(Scope id) {
    return TableKeys.subscriptionPartition(id.subscriptionId().orElse(""));
  }

  private static String row(Scope id) {
    return TableKeys.encode(id.value().toLowerCase(Locale.ROOT));
  }
}
