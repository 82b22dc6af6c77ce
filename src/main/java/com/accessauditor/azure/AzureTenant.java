package com.accessauditor.azure;

import com.accessauditor.model.Text;
import java.util.Locale;
import java.nio.charset.StandardCharsets;
import java.net.URLEncoder;
import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.ResourceReader;
import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.model.AppSettings;
import com.accessauditor.model.DenyAssignment;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import com.accessauditor.snapshot.SnapshotShapes;
import com.accessauditor.rbac.ScopeTree;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.authorization.fluent.AuthorizationManagementClient;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.authorization.fluent.models.RoleDefinitionInner;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.azure.resourcemanager.resources.models.IdentityUserAssignedIdentitiesValue;
import com.azure.resourcemanager.resources.models.ResourceIdentityType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The live tenant: ARM through the Azure SDK's authorization and resources clients, Graph through an
 * azure-core pipeline. SDK errors stop here: a 404 is "not found" (evidence), anything else is "failed"
 * (a coverage gap the caller must not read as "gone").
 */
public final class AzureTenant implements AuthorizationReader, ResourceReader, Directory {
  static final String SITES_API_VERSION = "2023-12-01";
  static final String AUTHORIZATION_API_VERSION = "2022-04-01";
  static final String IDENTITIES_API_VERSION = "2023-01-31";
  static final String RESOURCE_GRAPH_API_VERSION = "2021-03-01";
  static final String MANAGEMENT_GROUPS_API_VERSION = "2023-04-01";
  private static final java.util.regex.Pattern GUID =
      java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  /** Resource Graph takes at most 1,000 subscriptions per request. */
  static final int RESOURCE_GRAPH_SUBSCRIPTIONS = 1000;
  static final String ROLE_ASSIGNMENTS_QUERY = "authorizationresources"
      + " | where type =~ 'microsoft.authorization/roleassignments'"
      + " | project id, name, type, properties";
  static final String ROLE_DEFINITIONS_QUERY = "authorizationresources"
      + " | where type =~ 'microsoft.authorization/roledefinitions'"
      + " | project id, name, type, properties";
  static final String SITES_QUERY = "resources | where type =~ 'microsoft.web/sites'"
      + " | project id, name, kind, identity";
  static final String IDENTITIES_QUERY = "resources | where type =~ 'microsoft.managedidentity/userassignedidentities'"
      + " | project id, name, properties";
  /** Each subscription's management groups, nearest first (Resource Graph `resourcecontainers`). */
  static final String HIERARCHY_QUERY = "resourcecontainers | where type =~ 'microsoft.resources/subscriptions'"
      + " | project subscriptionId, chain = properties.managementGroupAncestorsChain";
  /** Management groups move rarely; one read an hour serves every diagnosis and sweep of an instance. */
  static final Duration HIERARCHY_TTL = Duration.ofHours(1);
  /** getById calls take full ids; the client's own subscription is never used for them. */
  private static final String ANY_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

  private final AuthorizationManagementClient authorization;
  private final ResourceManager resources;
  private final HttpPipeline arm;
  private final String armEndpoint;
  private final HttpPipeline graph;
  private final String graphEndpoint;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, RoleDefinition> builtInRoles = new ConcurrentHashMap<>();
  private volatile ScopeTree hierarchy;
  private volatile java.time.Instant hierarchyReadAt = java.time.Instant.EPOCH;

  private AzureTenant(TokenCredential credential, AzureEndpoints endpoints, HttpClient client) {
    String tenant = null;
    AzureEnvironment environment = new AzureEnvironment(Map.of(
        "resourceManagerEndpointUrl", endpoints.resourceManager(),
        "managementEndpointUrl", endpoints.resourceManager(),
        "microsoftGraphResourceId", endpoints.graph(),
        "activeDirectoryEndpointUrl", "https://login.microsoftonline.com/"));
    AzureProfile profile = new AzureProfile(tenant, ANY_SUBSCRIPTION, environment);
    this.arm = AzurePipelines.pipeline(client, credential, tokenScope(endpoints.resourceManager()));
    this.armEndpoint = endpoints.resourceManager();
    this.authorization = AuthorizationManager.authenticate(arm, profile).roleServiceClient();
    this.resources = ResourceManager.authenticate(arm, profile).withSubscription(ANY_SUBSCRIPTION);
    this.graph = AzurePipelines.pipeline(client, credential, tokenScope(endpoints.graph()));
    this.graphEndpoint = endpoints.graph();
  }

  /** The public cloud (or the endpoints given) with the app's credential. */
  public static AzureTenant connect(TokenCredential credential, AzureEndpoints endpoints) {
    return new AzureTenant(credential, endpoints, AzurePipelines.httpClient(null, Duration.ofSeconds(20)));
  }

  /** For a server with a private certificate (tests, proxies): trust what {@code tls} trusts. */
  public static AzureTenant connect(
      TokenCredential credential, AzureEndpoints endpoints, SSLContext tls, Duration responseTimeout) {
    return new AzureTenant(credential, endpoints, AzurePipelines.httpClient(tls, responseTimeout));
  }

  @Override
  public Lookup<RoleAssignment> roleAssignment(String assignmentId) {
    return call("role assignment " + assignmentId,
        () -> assignmentFrom(authorization.getRoleAssignments().getById(assignmentId)));
  }

  @Override
  public Lookup<List<RoleAssignment>> roleAssignmentsFor(Scope scope) {
    // Listed through the pipeline, not the SDK's pager: a 200 without a "value" array must fail the read,
    // where the pager would hand back an empty list and the sweep would resolve what is still there.
    return call("role assignments for " + scope, () -> listArm(under(scope)
        + "/providers/Microsoft.Authorization/roleAssignments?api-version=" + AUTHORIZATION_API_VERSION,
        SnapshotShapes::roleAssignment));
  }

  /**
   * Resource Graph `authorizationresources`: pages of 1,000 rows across up to 1,000 subscriptions per
   * request, instead of a list call per subscription. Used by the sweep when it covers several subscriptions.
   */
  @Override
  public Optional<Lookup<List<RoleAssignment>>> roleAssignmentsIn(List<String> subscriptionIds) {
    return Optional.of(call("role assignments in " + subscriptionIds.size() + " subscription(s) (Resource Graph)",
        () -> resourceGraph(ROLE_ASSIGNMENTS_QUERY, subscriptionIds, SnapshotShapes::roleAssignment)));
  }

  @Override
  public Optional<Lookup<List<RoleDefinition>>> roleDefinitionsIn(List<String> subscriptionIds) {
    return Optional.of(call("role definitions in " + subscriptionIds.size() + " subscription(s) (Resource Graph)",
        () -> resourceGraph(ROLE_DEFINITIONS_QUERY, subscriptionIds, SnapshotShapes::roleDefinition)));
  }

  @Override
  public Optional<Lookup<List<SiteIdentity>>> sitesIn(List<String> subscriptionIds) {
    return Optional.of(call("sites in " + subscriptionIds.size() + " subscription(s) (Resource Graph)",
        () -> resourceGraph(SITES_QUERY, subscriptionIds, SnapshotShapes::site)));
  }

  @Override
  public Optional<Lookup<List<UserAssignedIdentity>>> userAssignedIdentitiesIn(List<String> subscriptionIds) {
    return Optional.of(call("user-assigned identities in " + subscriptionIds.size()
        + " subscription(s) (Resource Graph)",
        () -> resourceGraph(IDENTITIES_QUERY, subscriptionIds, SnapshotShapes::userAssignedIdentity)));
  }

  /** Runs a Resource Graph query over the subscriptions, 1,000 subscriptions and 1,000 rows per request. */
  private <T> List<T> resourceGraph(String query, List<String> subscriptionIds, Function<JsonNode, T> row) {
    List<T> out = new ArrayList<>();
    for (int from = 0; from < subscriptionIds.size(); from += RESOURCE_GRAPH_SUBSCRIPTIONS) {
      resourceGraphRows(query, subscriptionIds.subList(from,
          Math.min(subscriptionIds.size(), from + RESOURCE_GRAPH_SUBSCRIPTIONS)), item -> out.add(row.apply(item)));
    }
    return out;
  }

  /**
   * Every row of one Resource Graph query, following $skipToken; with no subscriptions given, over every
   * subscription the identity can read.
   */
  private void resourceGraphRows(String query, List<String> subscriptions, java.util.function.Consumer<JsonNode> row) {
    String skipToken = null;
    do {
      ObjectNode request = json.createObjectNode().put("query", query);
      if (!subscriptions.isEmpty()) {
        subscriptions.forEach(request.putArray("subscriptions")::add);
      }
      ObjectNode options = request.putObject("options").put("$top", 1000).put("resultFormat", "objectArray");
      if (query.startsWith("authorizationresources")) {
        // Also the grants and custom roles of the subscriptions' management groups and the root.
        options.put("authorizationScopeFilter", "AtScopeAboveAndBelow");
      }
      if (skipToken != null) {
        options.put("$skipToken", skipToken);
      }
      JsonNode page = send(arm, HttpMethod.POST, armEndpoint
          + "providers/Microsoft.ResourceGraph/resources?api-version=" + RESOURCE_GRAPH_API_VERSION,
          request.toString());
      items(page, "data", "Resource Graph").forEach(row);
      skipToken = page.path("$skipToken").isTextual() ? page.get("$skipToken").asText() : null;
    } while (skipToken != null);
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
      for (JsonNode row : listArm("/providers/Microsoft.Management/managementGroups/"
          + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/descendants?api-version="
          + MANAGEMENT_GROUPS_API_VERSION, r -> r)) {
        if (row.path("type").asText("").equalsIgnoreCase("Microsoft.Management/managementGroups/subscriptions")) {
          String id = row.path("name").asText("");
          if (!GUID.matcher(id).matches()) {
            throw new IllegalStateException("a descendant of type subscriptions is named '" + Text.clip(id)
                + "', not a subscription id");
          }
          out.add(id.toLowerCase(java.util.Locale.ROOT));
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
    java.time.Instant now = java.time.Instant.now();
    if (hierarchy != null && now.isBefore(hierarchyReadAt.plus(HIERARCHY_TTL))) {
      return hierarchy;
    }
    Lookup<ScopeTree> read = call("management-group hierarchy (Resource Graph)", () -> {
      Map<String, String> parents = new HashMap<>();
      Map<String, String> subscriptions = new HashMap<>();
      resourceGraphRows(HIERARCHY_QUERY, List.of(), row -> {
        JsonNode chain = row.path("chain");
        String sub = row.path("subscriptionId").asText("");
        if (chain.isArray() && !chain.isEmpty() && !sub.isEmpty()) {
          subscriptions.put(sub, chain.get(0).path("name").asText());
          for (int i = 0; i + 1 < chain.size(); i++) {
            parents.put(chain.get(i).path("name").asText(), chain.get(i + 1).path("name").asText());
          }
        }
      });
      return ScopeTree.of(parents, subscriptions, true);
    });
    hierarchy = read.found().orElse(ScopeTree.listedForScope());
    // A failed read is tried again in five minutes, not in an hour.
    hierarchyReadAt = read.found().isPresent() ? now : now.minus(HIERARCHY_TTL).plus(Duration.ofMinutes(5));
    return hierarchy;
  }

  @Override
  public Lookup<List<RoleDefinition>> roleDefinitionsAt(Scope scope) {
    return call("role definitions at " + scope, () -> {
      List<RoleDefinition> out = listArm(under(scope) + "/providers/Microsoft.Authorization/roleDefinitions"
          + "?api-version=" + AUTHORIZATION_API_VERSION, SnapshotShapes::roleDefinition);
      out.stream().filter(d -> !d.isCustom()).forEach(d -> builtInRoles.putIfAbsent(d.guid(), d));
      return out;
    });
  }

  @Override
  public Lookup<List<DenyAssignment>> denyAssignmentsFor(Scope scope) {
    return call("deny assignments for " + scope, () -> listArm(under(scope)
        + "/providers/Microsoft.Authorization/denyAssignments?api-version=" + AUTHORIZATION_API_VERSION,
        SnapshotShapes::denyAssignment));
  }

  @Override
  public Lookup<List<SiteIdentity>> sitesIn(Scope scope) {
    return call("sites in " + scope, () -> listArm(scope.value() + "/providers/Microsoft.Web/sites?api-version="
        + SITES_API_VERSION, SnapshotShapes::site));
  }

  @Override
  public Lookup<List<UserAssignedIdentity>> userAssignedIdentitiesIn(Scope scope) {
    return call("user-assigned identities in " + scope, () -> listArm(scope.value()
        + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=" + IDENTITIES_API_VERSION,
        SnapshotShapes::userAssignedIdentity));
  }

  @Override
  public Lookup<AppSettings> appSettings(Scope siteId) {
    // POST .../config/appsettings/list returns secret values too: they stay in memory for this check only.
    return call("app settings of " + siteId, () -> SnapshotShapes.appSettings(siteId,
        send(arm, HttpMethod.POST, armEndpoint + trimSlash(siteId.value())
            + "/config/appsettings/list?api-version=" + SITES_API_VERSION, null)));
  }

  @Override
  public PrincipalBatch principals(Collection<PrincipalId> ids) {
    List<PrincipalId> all = List.copyOf(new LinkedHashSet<>(ids));
    Map<PrincipalId, Principal> found = new HashMap<>();
    Set<PrincipalId> unanswered = new HashSet<>();
    List<String> failures = new ArrayList<>();
    for (int from = 0; from < all.size(); from += BATCH) {
      List<PrincipalId> batch = all.subList(from, Math.min(all.size(), from + BATCH));
      try {
        for (Principal p : getByIds(batch)) {
          found.put(p.id(), p);
        }
      } catch (RuntimeException e) {
        unanswered.addAll(batch);
        failures.add("Graph getByIds for " + batch.size() + " id(s) failed: " + describe(e));
      }
    }
    return new PrincipalBatch(found, unanswered, failures);
  }

  @Override
  public Lookup<List<Principal>> deletedPrincipals() {
    return call("deleted directory objects", () -> {
      List<Principal> out = new ArrayList<>();
      for (String type : List.of("servicePrincipal", "user", "group")) {
        String url = graphEndpoint + "v1.0/directory/deletedItems/microsoft.graph." + type;
        while (url != null) {
          JsonNode page = send(graph, HttpMethod.GET, url, null);
          for (JsonNode row : items(page, "value", "Graph deletedItems")) {
            ObjectNode typed = ((ObjectNode) row.deepCopy());
            if (!typed.has("@odata.type")) {
              typed.put("@odata.type", "#microsoft.graph." + type);
            }
            out.add(SnapshotShapes.principal(typed));
          }
          url = page.path("@odata.nextLink").isTextual() ? page.get("@odata.nextLink").asText() : null;
        }
      }
      return out;
    });
  }

  @Override
  public Lookup<Principal> servicePrincipalByAppId(String appId) {
    if (!PrincipalId.isGuid(appId)) {
      // Never spliced into a filter: an app id is a GUID or it is not an app id.
      return Lookup.notFound("service principal of app '" + Text.clip(appId) + "' (not a GUID)");
    }
    return call("service principal of app " + appId, () -> graphList("servicePrincipals",
        "appId eq '" + appId.toLowerCase(Locale.ROOT) + "'").stream().findFirst().orElse(null));
  }

  @Override
  public Lookup<List<Principal>> principalsNamed(String displayName) {
    String filter = "displayName eq '" + displayName.trim().replace("'", "''") + "'";
    return call("principals named '" + Text.clip(displayName) + "'", () -> {
      List<Principal> out = new ArrayList<>();
      for (String type : List.of("users", "groups", "servicePrincipals")) {
        out.addAll(graphList(type, filter));
      }
      if (displayName.contains("@")) {
        out.addAll(graphList("users", "userPrincipalName eq '" + displayName.trim().replace("'", "''") + "'"));
      }
      return out;
    });
  }

  /** Graph's getMemberGroups: transitive, every group the object belongs to through any path. */
  @Override
  public Lookup<List<PrincipalId>> groupsOf(PrincipalId id) {
    return call("group memberships of " + id, () -> {
      List<PrincipalId> out = new ArrayList<>();
      for (JsonNode g : items(send(graph, HttpMethod.POST, graphEndpoint + "v1.0/directoryObjects/" + id.value()
          + "/getMemberGroups", "{\"securityEnabledOnly\":false}"), "value", "Graph getMemberGroups")) {
        if (PrincipalId.isGuid(g.asText())) {
          out.add(PrincipalId.parse(g.asText()));
        }
      }
      return out;
    });
  }

  /** One filtered Graph collection, all pages; {@code filter} is built from validated or escaped values. */
  private List<Principal> graphList(String collection, String filter) {
    String type = collection.substring(0, collection.length() - 1);
    List<Principal> out = new ArrayList<>();
    String url = graphEndpoint + "v1.0/" + collection + "?$filter="
        + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
    while (url != null) {
      JsonNode page = send(graph, HttpMethod.GET, url, null);
      for (JsonNode row : items(page, "value", "Graph " + collection)) {
        ObjectNode typed = (ObjectNode) row.deepCopy();
        if (!typed.has("@odata.type")) {
          typed.put("@odata.type", "#microsoft.graph." + type);
        }
        out.add(SnapshotShapes.principal(typed));
      }
      url = page.path("@odata.nextLink").isTextual() ? page.get("@odata.nextLink").asText() : null;
    }
    return out;
  }

  private List<Principal> getByIds(List<PrincipalId> batch) {
    StringBuilder body = new StringBuilder("{\"ids\":[");
    for (int i = 0; i < batch.size(); i++) {
      body.append(i == 0 ? "" : ",").append('"').append(batch.get(i).value()).append('"');
    }
    body.append("],\"types\":[\"user\",\"group\",\"servicePrincipal\"]}");
    List<Principal> out = new ArrayList<>();
    for (JsonNode row : items(send(graph, HttpMethod.POST, graphEndpoint + "v1.0/directoryObjects/getByIds",
        body.toString()), "value", "Graph getByIds")) {
      out.add(SnapshotShapes.principal(row));
    }
    return out;
  }

  private <T> List<T> listArm(String pathAndQuery, Function<JsonNode, T> row) {
    List<T> out = new ArrayList<>();
    String url = armEndpoint + trimSlash(pathAndQuery);
    while (url != null) {
      JsonNode page = send(arm, HttpMethod.GET, url, null);
      for (JsonNode item : items(page, "value", "ARM list")) {
        out.add(row.apply(item));
      }
      url = page.path("nextLink").isTextual() ? page.get("nextLink").asText() : null;
    }
    return out;
  }

  /**
   * The rows of a page in its documented shape. A 200 without the array ({}, an HTML error page turned
   * JSON, a proxy's answer) is a failed read: taken as "empty", it would call live principals deleted and
   * resolve findings for grants that still exist.
   */
  private static JsonNode items(JsonNode page, String field, String what) {
    JsonNode rows = page == null ? null : page.get(field);
    if (rows == null || !rows.isArray()) {
      throw new IllegalStateException(what + " answered 200 without a \"" + field + "\" array, which is not its"
          + " documented shape; nothing in it is used");
    }
    return rows;
  }

  /** Sends one request through the pipeline (retries, token); a non-2xx answer throws with its status. */
  private JsonNode send(HttpPipeline pipeline, HttpMethod method, String url, String body) {
    HttpRequest request = new HttpRequest(method, url);
    if (body != null) {
      request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json").setBody(body);
    } else if (method == HttpMethod.POST) {
      request.setHeader(HttpHeaderName.CONTENT_LENGTH, "0");
    }
    try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
      String text = response.getBodyAsBinaryData().toString();
      if (response.getStatusCode() / 100 != 2) {
        throw new HttpResponseException(method + " " + url.replaceAll("\\?.*", "") + " answered "
            + response.getStatusCode() + errorCode(text), response, text);
      }
      return json.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** ARM's and Graph's error code ({"error":{"code":...}}), which says what to do: AuthorizationFailed, ... */
  private String errorCode(String body) {
    try {
      JsonNode code = json.readTree(body).path("error").path("code");
      return code.isTextual() && code.asText().matches("[A-Za-z0-9_.]{1,80}") ? " " + code.asText() : "";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** The path of a scope's child collections: the root's are at "/providers/...". */
  private static String under(Scope scope) {
    return scope.level() == Scope.Level.ROOT ? "" : scope.value();
  }

  private static String trimSlash(String path) {
    return path.startsWith("/") ? path.substring(1) : path;
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

  @Override
  public Lookup<RoleDefinition> roleDefinition(String roleDefinitionId) {
    String guid = RoleDefinition.guidOf(roleDefinitionId);
    RoleDefinition cached = builtInRoles.get(guid);
    if (cached != null) {
      return Lookup.found(cached);
    }
    Lookup<RoleDefinition> result = call("role definition " + roleDefinitionId,
        () -> definitionFrom(authorization.getRoleDefinitions().getById(roleDefinitionId)));
    // Built-in roles do not change under us; custom roles are re-read because their change is the news.
    result.found().filter(d -> !d.isCustom()).ifPresent(d -> builtInRoles.put(guid, d));
    return result;
  }

  @Override
  public Lookup<SiteIdentity> siteIdentity(Scope siteId) {
    return call("site " + siteId, () -> {
      GenericResourceInner site = resources.genericResources().manager().serviceClient().getResources()
          .getById(siteId.value(), SITES_API_VERSION);
      Optional<PrincipalId> system = Optional.empty();
      Map<String, PrincipalId> user = new LinkedHashMap<>();
      if (site.identity() != null) {
        ResourceIdentityType type = site.identity().type();
        if (type != null && type.toString().toLowerCase().contains("systemassigned")
            && site.identity().principalId() != null) {
          system = Optional.of(PrincipalId.parse(site.identity().principalId()));
        }
        if (site.identity().userAssignedIdentities() != null) {
          for (Map.Entry<String, IdentityUserAssignedIdentitiesValue> e
              : site.identity().userAssignedIdentities().entrySet()) {
            if (e.getValue() != null && e.getValue().principalId() != null) {
              user.put(e.getKey(), PrincipalId.parse(e.getValue().principalId()));
            }
          }
        }
      }
      return new SiteIdentity(siteId, system, user);
    });
  }

  @Override
  public Lookup<UserAssignedIdentity> userAssignedIdentity(Scope identityId) {
    return call("user-assigned identity " + identityId, () -> {
      GenericResourceInner r = resources.genericResources().manager().serviceClient().getResources()
          .getById(identityId.value(), IDENTITIES_API_VERSION);
      JsonNode properties = json.valueToTree(r.properties());
      return new UserAssignedIdentity(identityId, PrincipalId.parse(properties.path("principalId").asText()),
          properties.path("clientId").asText(""));
    });
  }

  @Override
  public Lookup<Principal> principal(PrincipalId id) {
    return call("principal " + id,
        () -> getByIds(List.of(id)).stream().filter(p -> p.id().equals(id)).findFirst().orElse(null));
  }

  private static <T> Lookup<T> call(String what, Supplier<T> read) {
    try {
      T value = read.get();
      return value == null ? Lookup.notFound(what) : Lookup.found(value);
    } catch (HttpResponseException e) {
      int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
      if (status == 404) {
        return Lookup.notFound(what);
      }
      return Lookup.failed(what + ": " + describe(e));
    } catch (RuntimeException e) {
      return Lookup.failed(what + ": " + describe(e));
    }
  }

  private static String describe(RuntimeException e) {
    if (e instanceof HttpResponseException h) {
      return "HTTP " + (h.getResponse() == null ? 0 : h.getResponse().getStatusCode()) + " " + firstLine(e.getMessage());
    }
    return e.getClass().getSimpleName() + " " + firstLine(e.getMessage());
  }

  private static String tokenScope(String endpoint) {
    return endpoint + ".default";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

}
