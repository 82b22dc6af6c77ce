package com.accessauditor.azure;

import com.accessauditor.detect.Facet;
import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import com.accessauditor.sweep.DirectoryAnswers;
import com.accessauditor.sweep.StagedSubscription;
import com.accessauditor.sweep.SweepStage;
import com.azure.data.tables.models.TableEntity;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

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
    putParts(runId, "p-", s.subscriptionId(), write(principals));
    putParts(runId, "s-", s.subscriptionId(), write(s));
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
      return readPrincipals(JSON.readTree(json));
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
      o.set("deleted", readTreeOf(write(new DirectoryAnswers(java.util.Set.of(), new PrincipalBatch(byId,
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
      return Optional.of(Lookup.found(List.copyOf(readPrincipals(o.get("deleted")).batch().found().values())));
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
        out.add(read(JSON.readTree(json)));
      } catch (JsonProcessingException | RuntimeException e) {
        throw new IllegalStateException("sweepstage rows of subscription " + sub + " in run " + runId
            + " cannot be read (" + e.getMessage() + "): its worker must sweep it again", e);
      }
    });
    return out;
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

  static String write(DirectoryAnswers answers) {
    PrincipalBatch batch = answers.batch();
    ObjectNode o = JSON.createObjectNode();
    ArrayNode asked = o.putArray("asked");
    answers.asked().forEach(id -> asked.add(id.value()));
    ArrayNode found = o.putArray("found");
    for (Principal p : batch.found().values()) {
      ObjectNode n = found.addObject().put("id", p.id().value()).put("type", p.type()).put("displayName", p.displayName());
      p.userPrincipalName().ifPresent(v -> n.put("userPrincipalName", v));
      p.userType().ifPresent(v -> n.put("userType", v));
      p.servicePrincipalType().ifPresent(v -> n.put("servicePrincipalType", v));
      strings(n.putArray("alternativeNames"), p.alternativeNames());
      p.deletedDateTime().ifPresent(v -> n.put("deletedDateTime", v.toString()));
      p.appId().ifPresent(v -> n.put("appId", v));
    }
    ArrayNode unanswered = o.putArray("unanswered");
    batch.unanswered().forEach(id -> unanswered.add(id.value()));
    strings(o.putArray("failures"), batch.failures());
    return o.toString();
  }

  static DirectoryAnswers readPrincipals(JsonNode o) {
    java.util.Set<PrincipalId> asked = new java.util.LinkedHashSet<>();
    o.path("asked").forEach(n -> asked.add(PrincipalId.parse(n.asText())));
    Map<PrincipalId, Principal> found = new LinkedHashMap<>();
    for (JsonNode n : o.path("found")) {
      Principal p = new Principal(PrincipalId.parse(text(n, "id")), text(n, "type"), text(n, "displayName"),
          optional(n, "userPrincipalName"), optional(n, "userType"), optional(n, "servicePrincipalType"),
          strings(n.path("alternativeNames")), optional(n, "deletedDateTime").map(Instant::parse),
          optional(n, "appId"));
      found.put(p.id(), p);
    }
    java.util.Set<PrincipalId> unanswered = new java.util.LinkedHashSet<>();
    o.path("unanswered").forEach(n -> unanswered.add(PrincipalId.parse(n.asText())));
    return new DirectoryAnswers(asked, new PrincipalBatch(found, unanswered, strings(o.path("failures"))));
  }

  static String write(StagedSubscription s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("subscriptionId", s.subscriptionId());
    o.put("assignments", s.assignments());
    o.put("listedWithAncestors", s.listedWithAncestors());
    ArrayNode notRead = o.putArray("notRead");
    s.notRead().forEach(f -> notRead.add(f.name()));
    ArrayNode sites = o.putArray("sites");
    for (SiteIdentity site : s.sites()) {
      ObjectNode n = sites.addObject();
      n.put("id", site.siteId().value());
      n.put("kind", site.kind());
      site.systemAssignedPrincipalId().ifPresent(p -> n.put("principalId", p.value()));
      ObjectNode ua = n.putObject("userAssigned");
      site.userAssigned().forEach((k, v) -> ua.put(k, v.value()));
      ObjectNode clients = n.putObject("clientIds");
      site.userAssignedClientIds().forEach(clients::put);
    }
    ArrayNode identities = o.putArray("identities");
    for (UserAssignedIdentity i : s.identities()) {
      identities.addObject().put("id", i.resourceId().value()).put("principalId", i.principalId().value())
          .put("clientId", i.clientId());
    }
    ArrayNode roles = o.putArray("customRoles");
    for (RoleDefinition d : s.customRoles()) {
      ObjectNode n = roles.addObject().put("id", d.id()).put("roleName", d.roleName()).put("roleType", d.roleType());
      ArrayNode permissions = n.putArray("permissions");
      d.permissions().forEach(p -> {
        ObjectNode b = permissions.addObject();
        strings(b.putArray("actions"), p.actions());
        strings(b.putArray("notActions"), p.notActions());
        strings(b.putArray("dataActions"), p.dataActions());
        strings(b.putArray("notDataActions"), p.notDataActions());
      });
      strings(n.putArray("assignableScopes"), d.assignableScopes());
    }
    ArrayNode above = o.putArray("aboveSubscription");
    for (RoleAssignment a : s.aboveSubscription()) {
      ObjectNode n = above.addObject().put("id", a.id()).put("scope", a.scope().value())
          .put("principalId", a.principalId().value()).put("principalType", a.principalType())
          .put("roleDefinitionId", a.roleDefinitionId());
      a.condition().ifPresent(c -> n.put("condition", c));
      a.createdOn().ifPresent(t -> n.put("createdOn", t.toString()));
      a.createdBy().ifPresent(b -> n.put("createdBy", b));
    }
    return o.toString();
  }

  static StagedSubscription read(JsonNode o) {
    EnumSet<Facet> notRead = EnumSet.noneOf(Facet.class);
    o.path("notRead").forEach(f -> notRead.add(Facet.valueOf(f.asText())));
    List<SiteIdentity> sites = list(o.path("sites"), n -> {
      Map<String, PrincipalId> ua = new TreeMap<>();
      n.path("userAssigned").fields().forEachRemaining(e -> ua.put(e.getKey(), PrincipalId.parse(e.getValue().asText())));
      Map<String, String> clients = new TreeMap<>();
      n.path("clientIds").fields().forEachRemaining(e -> clients.put(e.getKey(), e.getValue().asText()));
      return new SiteIdentity(Scope.parse(text(n, "id")), n.path("kind").asText(""),
          optional(n, "principalId").map(PrincipalId::parse), ua, clients);
    });
    List<UserAssignedIdentity> identities = list(o.path("identities"), n -> new UserAssignedIdentity(
        Scope.parse(text(n, "id")), PrincipalId.parse(text(n, "principalId")), n.path("clientId").asText("")));
    List<RoleDefinition> roles = list(o.path("customRoles"), n -> new RoleDefinition(text(n, "id"),
        text(n, "roleName"), text(n, "roleType"), list(n.path("permissions"), p -> new RoleDefinition.Permission(
            strings(p.path("actions")), strings(p.path("notActions")), strings(p.path("dataActions")),
            strings(p.path("notDataActions")))), strings(n.path("assignableScopes"))));
    List<RoleAssignment> above = list(o.path("aboveSubscription"), n -> new RoleAssignment(text(n, "id"),
        Scope.parse(text(n, "scope")), PrincipalId.parse(text(n, "principalId")), text(n, "principalType"),
        text(n, "roleDefinitionId"), optional(n, "condition"), optional(n, "createdOn").map(Instant::parse),
        optional(n, "createdBy")));
    return new StagedSubscription(text(o, "subscriptionId"), o.path("assignments").asInt(), sites, identities, roles,
        above, notRead, o.path("listedWithAncestors").asBoolean());
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' is missing");
    }
    return v.asText();
  }

  private static Optional<String> optional(JsonNode n, String field) {
    return Optional.ofNullable(n.get(field)).filter(JsonNode::isTextual).map(JsonNode::asText);
  }

  private static <T> List<T> list(JsonNode array, Function<JsonNode, T> each) {
    List<T> out = new ArrayList<>();
    array.forEach(n -> out.add(each.apply(n)));
    return out;
  }

  private static List<String> strings(JsonNode array) {
    return list(array, JsonNode::asText);
  }

  private static void strings(ArrayNode into, List<String> values) {
    values.forEach(into::add);
  }
}
