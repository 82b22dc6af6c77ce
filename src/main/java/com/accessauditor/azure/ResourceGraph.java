package com.accessauditor.azure;

import com.accessauditor.model.Lookup;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.azure.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Azure Resource Graph: one query over many subscriptions, 1,000 subscriptions and 1,000 rows per request,
 * instead of a list call per subscription and facet.
 */
final class ResourceGraph {
  static final String API_VERSION = "2021-03-01";
  /** Resource Graph takes at most 1,000 subscriptions per request. */
  static final int SUBSCRIPTIONS_PER_REQUEST = 1000;
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
  /** Each subscription's management groups, nearest first (`resourcecontainers`). */
  static final String HIERARCHY_QUERY = "resourcecontainers | where type =~ 'microsoft.resources/subscriptions'"
      + " | project subscriptionId, chain = properties.managementGroupAncestorsChain";

  private final AzureRest arm;

  ResourceGraph(AzureRest arm) {
    this.arm = arm;
  }

  /**
   * Every row of the query over these subscriptions (over every subscription the identity can read when
   * none is given), all pages.
   */
  <T> List<T> rows(String query, List<String> subscriptionIds, Function<JsonNode, T> row) {
    if (subscriptionIds.isEmpty()) {
      return arm.pages(request(query, List.of()), "data", "Resource Graph", row);
    }
    List<T> out = new ArrayList<>();
    for (int from = 0; from < subscriptionIds.size(); from += SUBSCRIPTIONS_PER_REQUEST) {
      out.addAll(arm.pages(request(query, subscriptionIds.subList(from,
          Math.min(subscriptionIds.size(), from + SUBSCRIPTIONS_PER_REQUEST))), "data", "Resource Graph", row));
    }
    return out;
  }

  /** The rows of the query over these subscriptions as a read of "what": found, or failed with why. */
  <T> Optional<Lookup<List<T>>> read(String what, String query, List<String> subscriptionIds,
      Function<JsonNode, T> row) {
    return Optional.of(AzureRest.call(what + " in " + subscriptionIds.size()
        + " subscription(s) (Resource Graph)", () -> rows(query, subscriptionIds, row)));
  }

  private AzureRest.Request request(String query, List<String> subscriptions) {
    ObjectNode body = AzureRest.JSON.createObjectNode().put("query", query);
    if (!subscriptions.isEmpty()) {
      subscriptions.forEach(body.putArray("subscriptions")::add);
    }
    ObjectNode options = body.putObject("options").put("$top", 1000).put("resultFormat", "objectArray");
    if (query.startsWith("authorizationresources")) {
      // Also the grants and custom roles of the subscriptions' management groups and the root.
      options.put("authorizationScopeFilter", "AtScopeAboveAndBelow");
    }
    return new AzureRest.Request(HttpMethod.POST,
        arm.url("providers/Microsoft.ResourceGraph/resources?api-version=" + API_VERSION), body);
  }
}
