package com.accessauditor.snapshot;

import com.accessauditor.model.ActiveAssignment;
import com.accessauditor.model.AppSettings;
import com.accessauditor.model.DenyAssignment;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.RoleEligibility;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps exported JSON rows to the model. ARM REST rows keep their fields under "properties"; the az CLI
 * flattens them; Graph rows carry "@odata.type", az ad sp rows "servicePrincipalType". All are accepted.
 */
public final class SnapshotShapes {
  private SnapshotShapes() {}

  public static RoleAssignment roleAssignment(JsonNode row) {
    JsonNode p = props(row);
    String id = required(row, "id");
    return new RoleAssignment(
        id,
        scopeOf(p, id),
        PrincipalId.parse(required(p, "principalId")),
        text(p, "principalType").orElse("Unknown"),
        required(p, "roleDefinitionId"),
        text(p, "condition"),
        text(p, "createdOn").flatMap(SnapshotShapes::instant),
        text(p, "createdBy"));
  }

  public static RoleDefinition roleDefinition(JsonNode row) {
    JsonNode p = props(row);
    List<RoleDefinition.Permission> permissions = new ArrayList<>();
    JsonNode blocks = p.get("permissions");
    if (blocks != null && blocks.isArray()) {
      for (JsonNode b : blocks) {
        permissions.add(new RoleDefinition.Permission(
            strings(b, "actions"), strings(b, "notActions"), strings(b, "dataActions"), strings(b, "notDataActions")));
      }
    }
    String roleType = text(p, "roleType").orElseGet(() -> text(p, "type").filter(t -> !t.contains("/")).orElse(null));
    return new RoleDefinition(
        required(row, "id"), text(p, "roleName").orElse(null), roleType, permissions, strings(p, "assignableScopes"));
  }

  public static Principal principal(JsonNode row) {
    String id = text(row, "id").or(() -> text(row, "objectId"))
        .orElseThrow(() -> new IllegalArgumentException("missing 'id'"));
    Optional<String> spType = text(row, "servicePrincipalType");
    String type = text(row, "@odata.type").map(t -> t.substring(t.lastIndexOf('.') + 1))
        .or(() -> text(row, "objectType").map(SnapshotShapes::lowerFirst))
        .orElse(spType.isPresent() ? "servicePrincipal"
            : text(row, "userPrincipalName").isPresent() ? "user"
            // az ad group list rows carry no type, but only groups have these.
            : row.has("securityEnabled") || row.has("mailEnabled") || row.has("groupTypes") ? "group" : "unknown");
    return new Principal(
        PrincipalId.parse(id),
        type,
        text(row, "displayName").orElse(""),
        text(row, "userPrincipalName"),
        text(row, "userType"),
        spType,
        strings(row, "alternativeNames"),
        text(row, "deletedDateTime").flatMap(SnapshotShapes::instant),
        text(row, "appId"));
  }

  /** The groups a directory object is directly a member of (Graph's `memberOf`, as ids or objects). */
  public static List<PrincipalId> memberOf(JsonNode row) {
    List<PrincipalId> out = new ArrayList<>();
    for (JsonNode g : row.path("memberOf")) {
      String id = g.isTextual() ? g.asText() : g.path("id").asText("");
      if (PrincipalId.isGuid(id)) {
        out.add(PrincipalId.parse(id));
      }
    }
    return out;
  }

  /**
   * One entity of the management-group hierarchy.
   *
   * @param name a management group's name or a subscription id
   * @param parent the name of the management group above it; empty for the tenant root group
   */
  public record HierarchyEntity(boolean subscription, String name, Optional<String> parent) {}

  /**
   * One row of {@code az account management-group entities list} (flattened) or the REST entities /
   * descendants list (under "properties"): a management group or a subscription, with its parent.
   */
  public static HierarchyEntity hierarchyEntity(JsonNode row) {
    JsonNode p = props(row);
    String id = required(row, "id");
    Scope.parse(id);
    String name = text(row, "name").orElseGet(() -> id.substring(id.lastIndexOf('/') + 1));
    Optional<String> parent = text(p.path("parent"), "id").or(() -> text(p, "parentId"))
        .or(() -> text(p.path("parent"), "name")).map(pid -> pid.substring(pid.lastIndexOf('/') + 1));
    boolean subscription = id.toLowerCase(Locale.ROOT).startsWith("/subscriptions/")
        || text(row, "type").map(t -> t.toLowerCase(Locale.ROOT).endsWith("subscriptions")).orElse(false);
    return new HierarchyEntity(subscription, name, parent);
  }

  public static SiteIdentity site(JsonNode row) {
    Scope id = Scope.parse(required(row, "id"));
    JsonNode identity = row.path("identity");
    Optional<PrincipalId> system = Optional.empty();
    Map<String, PrincipalId> user = new LinkedHashMap<>();
    Map<String, String> clientIds = new LinkedHashMap<>();
    if (identity.isObject()) {
      String type = text(identity, "type").orElse("");
      if (type.toLowerCase(Locale.ROOT).contains("systemassigned")) {
        system = text(identity, "principalId").map(PrincipalId::parse);
      }
      JsonNode uai = identity.path("userAssignedIdentities");
      for (Iterator<Map.Entry<String, JsonNode>> it = uai.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        text(e.getValue(), "principalId").map(PrincipalId::parse).ifPresent(pid -> user.put(e.getKey(), pid));
        text(e.getValue(), "clientId").ifPresent(c -> clientIds.put(e.getKey(), c));
      }
    }
    return new SiteIdentity(id, text(row, "kind").orElse(""), system, user, clientIds);
  }

  /**
   * One site's settings: the az CLI array of {name, value, slotSetting}, or ARM's
   * {"properties": {name: value}} from config/appsettings/list.
   */
  public static AppSettings appSettings(Scope siteId, JsonNode node) {
    Map<String, String> values = new LinkedHashMap<>();
    if (node.isArray()) {
      for (JsonNode setting : node) {
        values.put(required(setting, "name"), setting.path("value").asText(""));
      }
    } else if (node.isObject()) {
      JsonNode p = props(node);
      for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        values.put(e.getKey(), e.getValue().asText(""));
      }
    } else {
      throw new IllegalArgumentException("settings of " + siteId.name() + " must be an array or an object");
    }
    return new AppSettings(siteId, values);
  }

  public static DenyAssignment denyAssignment(JsonNode row) {
    JsonNode p = props(row);
    String id = required(row, "id");
    List<String> actions = new ArrayList<>();
    List<String> notActions = new ArrayList<>();
    List<String> dataActions = new ArrayList<>();
    List<String> notDataActions = new ArrayList<>();
    for (JsonNode b : p.path("permissions")) {
      actions.addAll(strings(b, "actions"));
      notActions.addAll(strings(b, "notActions"));
      dataActions.addAll(strings(b, "dataActions"));
      notDataActions.addAll(strings(b, "notDataActions"));
    }
    List<String> principals = new ArrayList<>();
    p.path("principals").forEach(x -> text(x, "id").ifPresent(principals::add));
    List<String> excluded = new ArrayList<>();
    p.path("excludePrincipals").forEach(x -> text(x, "id").ifPresent(excluded::add));
    return new DenyAssignment(id, text(p, "denyAssignmentName").orElse(Scope.parse(id).name()),
        scopeOf(p, id),
        actions, notActions, dataActions, notDataActions, principals, excluded,
        p.path("doNotApplyToChildScopes").asBoolean(false));
  }

  /**
   * A row of ARM `roleEligibilityScheduleInstances` (or the same flattened): read from its properties, never
   * from `expandedProperties`.
   */
  public static RoleEligibility roleEligibility(JsonNode row) {
    JsonNode p = props(row);
    String id = required(row, "id");
    return new RoleEligibility(id,
        scopeOf(p, id),
        PrincipalId.parse(required(p, "principalId")), text(p, "principalType").orElse("Unknown"),
        required(p, "roleDefinitionId"), required(p, "roleEligibilityScheduleId"), text(p, "status").orElse(""),
        text(p, "memberType").orElse("Direct"), text(p, "condition"),
        text(p, "startDateTime").flatMap(SnapshotShapes::instant),
        text(p, "endDateTime").flatMap(SnapshotShapes::instant));
  }

  /** A row of ARM `roleAssignmentScheduleInstances` (or the same flattened), from its properties. */
  public static ActiveAssignment activeAssignment(JsonNode row) {
    JsonNode p = props(row);
    String id = required(row, "id");
    return new ActiveAssignment(id,
        scopeOf(p, id),
        PrincipalId.parse(required(p, "principalId")), text(p, "principalType").orElse("Unknown"),
        required(p, "roleDefinitionId"), required(p, "assignmentType"), text(p, "originRoleAssignmentId"),
        text(p, "linkedRoleEligibilityScheduleId"), text(p, "startDateTime").flatMap(SnapshotShapes::instant),
        text(p, "endDateTime").flatMap(SnapshotShapes::instant));
  }

  public static UserAssignedIdentity userAssignedIdentity(JsonNode row) {
    JsonNode p = props(row);
    return new UserAssignedIdentity(
        Scope.parse(required(row, "id")), PrincipalId.parse(required(p, "principalId")), text(p, "clientId").orElse(""));
  }

  /** The row's scope, or the scope its ARM id sits at (the id up to /providers/Microsoft.Authorization/...). */
  private static Scope scopeOf(JsonNode props, String id) {
    return Scope.parse(text(props, "scope").orElseGet(() -> Scope.parse(id).withoutAuthorizationSuffix().value()));
  }

  private static JsonNode props(JsonNode row) {
    if (!row.isObject()) {
      throw new IllegalArgumentException("expected an object, got " + row.getNodeType().name().toLowerCase());
    }
    JsonNode p = row.get("properties");
    return p != null && p.isObject() ? p : row;
  }

  private static String required(JsonNode node, String field) {
    return text(node, field).orElseThrow(() -> new IllegalArgumentException("missing '" + field + "'"));
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isValueNode()) {
      throw new IllegalArgumentException("'" + field + "' must be a string");
    }
    return v.asText().isBlank() ? Optional.empty() : Optional.of(v.asText());
  }

  private static List<String> strings(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException("'" + field + "' must be an array");
    }
    List<String> out = new ArrayList<>();
    v.forEach(x -> out.add(x.asText()));
    return out;
  }

  private static Optional<Instant> instant(String value) {
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String lowerFirst(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
