package com.accessauditor.azure;

import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.ResourceReader;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import com.accessauditor.snapshot.SnapshotShapes;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
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
  static final String IDENTITIES_API_VERSION = "2023-01-31";
  /** getById calls take full ids; the client's own subscription is never used for them. */
  private static final String ANY_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

  private final AuthorizationManagementClient authorization;
  private final ResourceManager resources;
  private final HttpPipeline graph;
  private final String graphEndpoint;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, RoleDefinition> builtInRoles = new ConcurrentHashMap<>();

  private AzureTenant(TokenCredential credential, AzureEndpoints endpoints, HttpClient client) {
    String tenant = null;
    AzureEnvironment environment = new AzureEnvironment(Map.of(
        "resourceManagerEndpointUrl", endpoints.resourceManager(),
        "managementEndpointUrl", endpoints.resourceManager(),
        "microsoftGraphResourceId", endpoints.graph(),
        "activeDirectoryEndpointUrl", "https://login.microsoftonline.com/"));
    AzureProfile profile = new AzureProfile(tenant, ANY_SUBSCRIPTION, environment);
    HttpPipeline arm = AzurePipelines.pipeline(client, credential, tokenScope(endpoints.resourceManager()));
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
    return call("role assignment " + assignmentId, () -> {
      RoleAssignmentInner a = authorization.getRoleAssignments().getById(assignmentId);
      return new RoleAssignment(
          a.id(),
          Scope.parse(a.scope()),
          PrincipalId.parse(a.principalId()),
          a.principalType() == null ? "Unknown" : a.principalType().toString(),
          a.roleDefinitionId(),
          Optional.ofNullable(a.condition()),
          Optional.ofNullable(a.createdOn()).map(t -> t.toInstant()),
          Optional.ofNullable(a.createdBy()));
    });
  }

  @Override
  public Lookup<RoleDefinition> roleDefinition(String roleDefinitionId) {
    String guid = RoleDefinition.guidOf(roleDefinitionId);
    RoleDefinition cached = builtInRoles.get(guid);
    if (cached != null) {
      return Lookup.found(cached);
    }
    Lookup<RoleDefinition> result = call("role definition " + roleDefinitionId, () -> {
      RoleDefinitionInner d = authorization.getRoleDefinitions().getById(roleDefinitionId);
      List<RoleDefinition.Permission> permissions = d.permissions() == null ? List.of()
          : d.permissions().stream().map(p -> new RoleDefinition.Permission(
              p.actions(), p.notActions(), p.dataActions(), p.notDataActions())).toList();
      return new RoleDefinition(d.id(), d.roleName(), d.roleType(), permissions, d.assignableScopes());
    });
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
    return call("principal " + id, () -> {
      HttpRequest request = new HttpRequest(HttpMethod.POST, graphEndpoint + "v1.0/directoryObjects/getByIds")
          .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json")
          .setBody("{\"ids\":[\"" + id.value() + "\"],\"types\":[\"user\",\"group\",\"servicePrincipal\"]}");
      try (HttpResponse response = graph.sendSync(request, Context.NONE)) {
        String body = response.getBodyAsBinaryData().toString();
        if (response.getStatusCode() != 200) {
          throw new HttpResponseException("Graph getByIds answered " + response.getStatusCode(), response, body);
        }
        JsonNode value = json.readTree(body).path("value");
        for (JsonNode row : value) {
          Principal p = SnapshotShapes.principal(row);
          if (p.id().equals(id)) {
            return p;
          }
        }
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
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
      return Lookup.failed(what + ": HTTP " + status + " " + firstLine(e.getMessage()));
    } catch (RuntimeException e) {
      return Lookup.failed(what + ": " + e.getClass().getSimpleName() + " " + firstLine(e.getMessage()));
    }
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
