package com.accessauditor.azure;

import static com.accessauditor.azure.AzureRest.call;

import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Text;
import com.accessauditor.snapshot.SnapshotShapes;
import com.azure.core.http.HttpMethod;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Microsoft Graph: principals by id in batches of 1,000, soft-deleted ones, look-ups by app id or name. */
final class GraphDirectory implements Directory {
  private final AzureRest graph;

  GraphDirectory(AzureRest graph) {
    this.graph = graph;
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
        failures.add("Graph getByIds for " + batch.size() + " id(s) failed: " + AzureRest.describe(e));
      }
    }
    return new PrincipalBatch(found, unanswered, failures);
  }

  @Override
  public Lookup<Principal> principal(PrincipalId id) {
    return call("principal " + id,
        () -> getByIds(List.of(id)).stream().filter(p -> p.id().equals(id)).findFirst().orElse(null));
  }

  @Override
  public Lookup<List<Principal>> deletedPrincipals() {
    return call("deleted directory objects", () -> {
      List<Principal> out = new ArrayList<>();
      for (String type : List.of("servicePrincipal", "user", "group")) {
        out.addAll(graph.pages(AzureRest.Request.get(graph.url("v1.0/directory/deletedItems/microsoft.graph." + type)),
            "value", "Graph deletedItems", row -> typed(row, type)));
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
    return call("service principal of app " + appId, () -> list("servicePrincipals",
        "appId eq '" + appId.toLowerCase(Locale.ROOT) + "'").stream().findFirst().orElse(null));
  }

  @Override
  public Lookup<List<Principal>> principalsNamed(String displayName) {
    String filter = "displayName eq '" + displayName.trim().replace("'", "''") + "'";
    return call("principals named '" + Text.clip(displayName) + "'", () -> {
      List<Principal> out = new ArrayList<>();
      for (String type : List.of("users", "groups", "servicePrincipals")) {
        out.addAll(list(type, filter));
      }
      if (displayName.contains("@")) {
        out.addAll(list("users", "userPrincipalName eq '" + displayName.trim().replace("'", "''") + "'"));
      }
      return out;
    });
  }

  /** Graph's getMemberGroups: transitive, every group the object belongs to through any path. */
  @Override
  public Lookup<List<PrincipalId>> groupsOf(PrincipalId id) {
    return call("group memberships of " + id, () -> {
      List<PrincipalId> out = new ArrayList<>();
      for (JsonNode g : AzureRest.items(graph.send(HttpMethod.POST, graph.url("v1.0/directoryObjects/" + id.value()
          + "/getMemberGroups"), "{\"securityEnabledOnly\":false}"), "value", "Graph getMemberGroups")) {
        if (PrincipalId.isGuid(g.asText())) {
          out.add(PrincipalId.parse(g.asText()));
        }
      }
      return out;
    });
  }

  /** Graph's transitiveMembers, every page: users, groups and service principals, each typed. */
  @Override
  public Lookup<List<Principal>> membersOf(PrincipalId group) {
    return call("members of group " + group, () -> graph.pages(AzureRest.Request.get(graph.url("v1.0/groups/"
        + group.value() + "/transitiveMembers?$select=id,displayName,userPrincipalName,userType,servicePrincipalType,"
        + "alternativeNames")), "value", "Graph transitiveMembers", SnapshotShapes::principal));
  }

  /** One filtered Graph collection, all pages; {@code filter} is built from validated or escaped values. */
  private List<Principal> list(String collection, String filter) {
    String type = collection.substring(0, collection.length() - 1);
    return graph.pages(AzureRest.Request.get(graph.url("v1.0/" + collection + "?$filter="
        + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20"))), "value", "Graph " + collection,
        row -> typed(row, type));
  }

  private List<Principal> getByIds(List<PrincipalId> batch) {
    StringBuilder body = new StringBuilder("{\"ids\":[");
    for (int i = 0; i < batch.size(); i++) {
      body.append(i == 0 ? "" : ",").append('"').append(batch.get(i).value()).append('"');
    }
    body.append("],\"types\":[\"user\",\"group\",\"servicePrincipal\"]}");
    List<Principal> out = new ArrayList<>();
    for (JsonNode row : AzureRest.items(graph.send(HttpMethod.POST, graph.url("v1.0/directoryObjects/getByIds"),
        body.toString()), "value", "Graph getByIds")) {
      out.add(SnapshotShapes.principal(row));
    }
    return out;
  }

  /** Collections of one type leave @odata.type out of their rows; it is what says user, group or app. */
  private static Principal typed(JsonNode row, String type) {
    ObjectNode typed = (ObjectNode) row.deepCopy();
    if (!typed.has("@odata.type")) {
      typed.put("@odata.type", "#microsoft.graph." + type);
    }
    return SnapshotShapes.principal(typed);
  }
}
