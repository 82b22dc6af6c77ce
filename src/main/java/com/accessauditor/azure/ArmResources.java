package com.accessauditor.azure;

import static com.accessauditor.azure.AzureRest.call;

import com.accessauditor.inventory.ResourceReader;
import com.accessauditor.model.AppSettings;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import com.accessauditor.snapshot.SnapshotShapes;
import com.azure.core.http.HttpMethod;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.azure.resourcemanager.resources.models.IdentityUserAssignedIdentitiesValue;
import com.azure.resourcemanager.resources.models.ResourceIdentityType;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** ARM's resource side: function and web apps, their identities and settings, user-assigned identities. */
final class ArmResources implements ResourceReader {
  static final String SITES_API_VERSION = "2023-12-01";
  static final String IDENTITIES_API_VERSION = "2023-01-31";

  private final ResourceManager resources;
  private final AzureRest arm;
  private final ResourceGraph graph;

  ArmResources(ResourceManager resources, AzureRest arm, ResourceGraph graph) {
    this.resources = resources;
    this.arm = arm;
    this.graph = graph;
  }

  @Override
  public Lookup<List<SiteIdentity>> sitesIn(Scope scope) {
    return call("sites in " + scope, () -> arm.list(scope.value() + "/providers/Microsoft.Web/sites?api-version="
        + SITES_API_VERSION, SnapshotShapes::site));
  }

  @Override
  public Lookup<List<UserAssignedIdentity>> userAssignedIdentitiesIn(Scope scope) {
    return call("user-assigned identities in " + scope, () -> arm.list(scope.value()
        + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=" + IDENTITIES_API_VERSION,
        SnapshotShapes::userAssignedIdentity));
  }

  @Override
  public Optional<Lookup<List<SiteIdentity>>> sitesIn(List<String> subscriptionIds) {
    return graph.read("sites", ResourceGraph.SITES_QUERY, subscriptionIds, SnapshotShapes::site);
  }

  @Override
  public Optional<Lookup<List<UserAssignedIdentity>>> userAssignedIdentitiesIn(List<String> subscriptionIds) {
    return graph.read("user-assigned identities", ResourceGraph.IDENTITIES_QUERY, subscriptionIds,
        SnapshotShapes::userAssignedIdentity);
  }

  @Override
  public Lookup<AppSettings> appSettings(Scope siteId) {
    // POST .../config/appsettings/list returns secret values too: they stay in memory for this check only.
    return call("app settings of " + siteId, () -> SnapshotShapes.appSettings(siteId, arm.send(HttpMethod.POST,
        arm.url(siteId.value() + "/config/appsettings/list?api-version=" + SITES_API_VERSION), null)));
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
        if (type != null && type.toString().toLowerCase(Locale.ROOT).contains("systemassigned")
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
      JsonNode properties = AzureRest.JSON.valueToTree(r.properties());
      return new UserAssignedIdentity(identityId, PrincipalId.parse(properties.path("principalId").asText()),
          properties.path("clientId").asText(""));
    });
  }

}
