package com.accessauditor.azure;

import static com.accessauditor.azure.AzureRest.call;

import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.model.ActiveAssignment;
import com.accessauditor.model.DenyAssignment;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.RoleEligibility;
import com.accessauditor.model.Scope;
import com.accessauditor.model.Text;
import com.accessauditor.rbac.ScopeTree;
import com.accessauditor.snapshot.SnapshotShapes;
import com.azure.resourcemanager.authorization.fluent.AuthorizationManagementClient;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.authorization.fluent.models.RoleDefinitionInner;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * ARM's authorization side: role assignments, role and deny definitions, where subscriptions sit. Lists go
 * through the pipeline, not the SDK's pager: a 200 without a "value" array must fail the read, where the pager
 * would hand back an empty list and the sweep would resolve what is still there.
 */
final class ArmAuthorization implements AuthorizationReader {
  static final String API_VERSION = "2022-04-01";
  static final String MANAGEMENT_GROUPS_API_VERSION = "2023-04-01";
  /** The PIM schedule APIs' version the issue and Microsoft's examples use. */
  static final String PIM_API_VERSION = "2020-10-01";
  /** Management groups move rarely; one read an hour serves every diagnosis and sweep of an instance. */
  static final Duration HIERARCHY_TTL = Duration.ofHours(1);
  private static final Pattern GUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final AuthorizationManagementClient client;
  private final AzureRest arm;
  private final ResourceGraph graph;
  private final Map<String, RoleDefinition> builtInRoles = new ConcurrentHashMap<>();
  private volatile ScopeTree hierarchy;
  private volatile Instant hierarchyReadAt = Instant.EPOCH;

  ArmAuthorization(AuthorizationManagementClient client, AzureRest arm, ResourceGraph graph) {
    this.client = client;
    this.arm = arm;
    this.graph = graph;
  }

  @Override
  public Lookup<RoleAssignment> roleAssignment(String assignmentId) {
    return call("role assignment " + assignmentId,
        () -> assignmentFrom(client.getRoleAssignments().getById(assignmentId)));
  }

  @Override
  public Lookup<List<RoleAssignment>> roleAssignmentsFor(Scope scope) {
    return call("role assignments for " + scope, () -> arm.list(under(scope)
        + "/providers/Microsoft.Authorization/roleAssignments?api-version=" + API_VERSION, SnapshotShapes::roleAssignment));
  }

  @Override
  public Lookup<RoleDefinition> roleDefinition(String roleDefinitionId) {
    String guid = RoleDefinition.guidOf(roleDefinitionId);
    RoleDefinition cached = builtInRoles.get(guid);
    if (cached != null) {
      return Lookup.found(cached);
    }
    Lookup<RoleDefinition> result = call("role definition " + roleDefinitionId,
        () -> definitionFrom(client.getRoleDefinitions().getById(roleDefinitionId)));
    // Built-in roles do not change under us; custom roles are re-read because their change is the news.
    result.found().filter(d -> !d.isCustom()).ifPresent(d -> builtInRoles.put(guid, d));
    return result;
  }

  @Override
  public Lookup<List<RoleDefinition>> roleDefinitionsAt(Scope scope) {
    return call("role definitions at " + scope, () -> {
      List<RoleDefinition> out = arm.list(under(scope) + "/providers/Microsoft.Authorization/roleDefinitions"
          + "?api-version=" + API_VERSION, SnapshotShapes::roleDefinition);
      out.stream().filter(d -> !d.isCustom()).forEach(d -> builtInRoles.putIfAbsent(d.guid(), d));
      return out;
    });
  }

  @Override
  public Lookup<List<DenyAssignment>> denyAssignmentsFor(Scope scope) {
    return call("deny assignments for " + scope, () -> arm.list(under(scope)
        + "/providers/Microsoft.Authorization/denyAssignments?api-version=" + API_VERSION, SnapshotShapes::denyAssignment));
  }

  /** PIM's eligibility instances at, above and below the scope (no filter: the API lists all three). */
  @Override
  public Lookup<List<RoleEligibility>> roleEligibilitiesFor(Scope scope) {
    return call("PIM eligibilities for " + scope, () -> arm.list(under(scope)
        + "/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?api-version=" + PIM_API_VERSION,
        SnapshotShapes::roleEligibility));
  }

  @Override
  public Lookup<List<ActiveAssignment>> activeAssignmentsFor(Scope scope) {
    return call("PIM active assignments for " + scope, () -> arm.list(under(scope)
        + "/providers/Microsoft.Authorization/roleAssignmentScheduleInstances?api-version=" + PIM_API_VERSION,
        SnapshotShapes::activeAssignment));
  }

  /** Filtered by ARM to the one principal: what an event needs to tell an activation from a grant. */
  @Override
  public Lookup<List<ActiveAssignment>> activeAssignmentsOf(Scope scope, PrincipalId principal) {
    String filter = URLEncoder.encode("principalId eq '" + principal.value() + "'", StandardCharsets.UTF_8)
        .replace("+", "%20");
    return call("PIM active assignments of " + principal + " for " + scope, () -> arm.list(under(scope)
        + "/providers/Microsoft.Authorization/roleAssignmentScheduleInstances?api-version=" + PIM_API_VERSION
        + "&$filter=" + filter, SnapshotShapes::activeAssignment));
  }

  /** Resource Graph `authorizationresources`, when the sweep covers several subscriptions. */
  @Override
  public Optional<Lookup<List<RoleAssignment>>> roleAssignmentsIn(List<String> subscriptionIds) {
    return graph.read("role assignments", ResourceGraph.ROLE_ASSIGNMENTS_QUERY, subscriptionIds,
        SnapshotShapes::roleAssignment);
  }

  @Override
  public Optional<Lookup<List<RoleDefinition>>> roleDefinitionsIn(List<String> subscriptionIds) {
    return graph.read("role definitions", ResourceGraph.ROLE_DEFINITIONS_QUERY, subscriptionIds,
        SnapshotShapes::roleDefinition);
  }

  /**
   * Every descendant of the group (paged by nextLink), of which the subscriptions are the rows of type
   * Microsoft.Management/managementGroups/subscriptions. A row of that type without a subscription id as its
   * name is not the documented shape: the read fails rather than leave a subscription out unsaid.
   */
  @Override
  public Lookup<List<String>> subscriptionsBelow(Scope managementGroup) {
    String name = managementGroup.name();
    return call("subscriptions below management group " + name, () -> {
      List<String> out = new ArrayList<>();
      for (JsonNode row : arm.list("/providers/Microsoft.Management/managementGroups/"
          + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/descendants?api-version="
          + MANAGEMENT_GROUPS_API_VERSION, r -> r)) {
        if (row.path("type").asText("").equalsIgnoreCase("Microsoft.Management/managementGroups/subscriptions")) {
          String id = row.path("name").asText("");
          if (!GUID.matcher(id).matches()) {
            throw new IllegalStateException("a descendant of type subscriptions is named '" + Text.clip(id)
                + "', not a subscription id");
          }
          out.add(id.toLowerCase(Locale.ROOT));
        }
      }
      return out;
    });
  }

  /**
   * Every readable subscription's management-group chain in one tenant-wide Resource Graph query (a call
   * per 1,000 subscriptions). What ARM lists for a scope still applies there when a subscription is left
   * out or the query fails, so the tree never turns an inherited grant into "none".
   */
  @Override
  public ScopeTree scopeTree() {
    Instant now = Instant.now();
    if (hierarchy != null && now.isBefore(hierarchyReadAt.plus(HIERARCHY_TTL))) {
      return hierarchy;
    }
    Lookup<ScopeTree> read = call("management-group hierarchy (Resource Graph)", () -> {
      Map<String, String> parents = new HashMap<>();
      Map<String, String> subscriptions = new HashMap<>();
      for (JsonNode row : graph.rows(ResourceGraph.HIERARCHY_QUERY, List.of(), r -> r)) {
        JsonNode chain = row.path("chain");
        String sub = row.path("subscriptionId").asText("");
        if (chain.isArray() && !chain.isEmpty() && !sub.isEmpty()) {
          subscriptions.put(sub, chain.get(0).path("name").asText());
          for (int i = 0; i + 1 < chain.size(); i++) {
            parents.put(chain.get(i).path("name").asText(), chain.get(i + 1).path("name").asText());
          }
        }
      }
      return ScopeTree.of(parents, subscriptions, true);
    });
    hierarchy = read.found().orElse(ScopeTree.listedForScope());
    // A failed read is tried again in five minutes, not in an hour.
    hierarchyReadAt = read.found().isPresent() ? now : now.minus(HIERARCHY_TTL).plus(Duration.ofMinutes(5));
    return hierarchy;
  }


  /** The path of a scope's child collections: the root's are at "/providers/...". */
  private static String under(Scope scope) {
    return scope.level() == Scope.Level.ROOT ? "" : scope.value();
  }

  private static RoleAssignment assignmentFrom(RoleAssignmentInner a) {
    return new RoleAssignment(
        a.id(),
        Scope.parse(a.scope()),
        PrincipalId.parse(a.principalId()),
        a.principalType() == null ? "Unknown" : a.principalType().toString(),
        a.roleDefinitionId(),
        Optional.ofNullable(a.condition()),
        Optional.ofNullable(a.createdOn()).map(t -> t.toInstant()),
        Optional.ofNullable(a.createdBy()));
  }

  private static RoleDefinition definitionFrom(RoleDefinitionInner d) {
    List<RoleDefinition.Permission> permissions = d.permissions() == null ? List.of()
        : d.permissions().stream().map(p -> new RoleDefinition.Permission(
            p.actions(), p.notActions(), p.dataActions(), p.notDataActions())).toList();
    return new RoleDefinition(d.id(), d.roleName(), d.roleType(), permissions, d.assignableScopes());
  }
}
