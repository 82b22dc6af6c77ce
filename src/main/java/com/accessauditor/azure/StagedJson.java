package com.accessauditor.azure;

import com.accessauditor.detect.Facet;
import com.accessauditor.detect.PimSchedules;
import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.model.ActiveAssignment;
import com.accessauditor.model.DenyAssignment;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.RoleEligibility;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import com.accessauditor.snapshot.SnapshotShapes;
import com.accessauditor.sweep.DirectoryAnswers;
import com.accessauditor.sweep.StagedSubscription;
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

/** The JSON of `sweepstage`'s rows: a staged subscription, a worker's directory answers. Never a setting value. */
final class StagedJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StagedJson() {}

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
    // In ARM's own flattened shape, read back by the same parser as a live list.
    ArrayNode eligible = o.putArray("eligibilities");
    for (RoleEligibility e : s.pim().eligibilities()) {
      ObjectNode n = eligible.addObject().put("id", e.id()).put("scope", e.scope().value())
          .put("principalId", e.principalId().value()).put("principalType", e.principalType())
          .put("roleDefinitionId", e.roleDefinitionId()).put("roleEligibilityScheduleId", e.scheduleGuid())
          .put("status", e.status()).put("memberType", e.memberType());
      e.condition().ifPresent(c -> n.put("condition", c));
      e.startDateTime().ifPresent(t -> n.put("startDateTime", t.toString()));
      e.endDateTime().ifPresent(t -> n.put("endDateTime", t.toString()));
    }
    ArrayNode active = o.putArray("activations");
    for (ActiveAssignment a : s.pim().active()) {
      ObjectNode n = active.addObject().put("id", a.id()).put("scope", a.scope().value())
          .put("principalId", a.principalId().value()).put("principalType", a.principalType())
          .put("roleDefinitionId", a.roleDefinitionId()).put("assignmentType", a.assignmentType());
      a.originRoleAssignmentId().ifPresent(v -> n.put("originRoleAssignmentId", v));
      a.linkedEligibilityScheduleGuid().ifPresent(v -> n.put("linkedRoleEligibilityScheduleId", v));
      a.startDateTime().ifPresent(t -> n.put("startDateTime", t.toString()));
      a.endDateTime().ifPresent(t -> n.put("endDateTime", t.toString()));
    }
    strings(o.putArray("notes"), s.notes());
    strings(o.putArray("joined"), s.joined().stream().map(PrincipalId::value).toList());
    // In ARM's shape, read back by the same parser as a live list.
    ArrayNode denies = o.putArray("denyAssignments");
    for (DenyAssignment d : s.denyAssignments()) {
      ObjectNode n = denies.addObject().put("id", d.id());
      ObjectNode p = n.putObject("properties").put("denyAssignmentName", d.name()).put("scope", d.scope().value())
          .put("doNotApplyToChildScopes", d.doNotApplyToChildScopes());
      ObjectNode block = p.putArray("permissions").addObject();
      strings(block.putArray("actions"), d.actions());
      strings(block.putArray("notActions"), d.notActions());
      strings(block.putArray("dataActions"), d.dataActions());
      strings(block.putArray("notDataActions"), d.notDataActions());
      ArrayNode principals = p.putArray("principals");
      d.principalIds().forEach(id -> principals.addObject().put("id", id));
      ArrayNode excluded = p.putArray("excludePrincipals");
      d.excludePrincipalIds().forEach(id -> excluded.addObject().put("id", id));
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
    PimSchedules pimAbove = new PimSchedules(list(o.path("eligibilities"), SnapshotShapes::roleEligibility),
        list(o.path("activations"), SnapshotShapes::activeAssignment));
    return new StagedSubscription(text(o, "subscriptionId"), o.path("assignments").asInt(), sites, identities, roles,
        above, notRead, o.path("listedWithAncestors").asBoolean(), pimAbove, strings(o.path("notes")),
        strings(o.path("joined")).stream().map(PrincipalId::parse).toList(),
        list(o.path("denyAssignments"), SnapshotShapes::denyAssignment));
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' is missing");
    }
    return v.asText();
  }

  static Optional<String> optional(JsonNode n, String field) {
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
