package com.accessauditor.whocan;

import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.inventory.Directory;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.Scope;
import com.accessauditor.rbac.ActingAs;
import com.accessauditor.rbac.RoleCatalogue;
import com.accessauditor.rbac.ScopeTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The `--include-paths` hop, read from the tenant: for each allowed managed identity, the resource it
 * belongs to (its service principal's alternativeNames name it), and whoever can act as it there, on the one
 * rule the ESCALATION_PATH detector uses.
 */
public final class IdentityActors implements IdentityPaths {
  private final AuthorizationReader authorization;
  private final Directory directory;

  public IdentityActors(AuthorizationReader authorization, Directory directory) {
    this.authorization = authorization;
    this.directory = directory;
  }

  @Override
  public List<Path> actingAs(List<PrincipalId> allowed, WhoCanQuestion q, List<String> gaps) {
    var batch = directory.principals(allowed);
    if (!batch.complete()) {
      gaps.add("whether " + batch.unanswered().size() + " allowed principal(s) are managed identities (paths through"
          + " them not followed): " + String.join("; ", batch.failures()));
    }
    ScopeTree tree = authorization.scopeTree();
    List<Path> out = new ArrayList<>();
    for (Principal p : batch.found().values()) {
      Optional<Scope> owner = p.managedIdentityResourceId().flatMap(IdentityActors::scope);
      if (!p.isManagedIdentity() || owner.isEmpty()) {
        continue;
      }
      Scope resource = owner.get();
      // The subscription's list holds the grants that reach the resource, and the compute grants of those
      // who may attach a user-assigned identity.
      Scope listed = p.isSystemAssignedIdentity() ? resource
          : resource.subscriptionId().map(s -> Scope.parse("/subscriptions/" + s)).orElse(resource);
      Lookup<List<RoleAssignment>> assignments = authorization.roleAssignmentsFor(listed);
      if (!(assignments instanceof Lookup.Found<List<RoleAssignment>>)) {
        gaps.add("who can act as " + p.label() + ": role assignments at " + listed + ": "
            + (assignments instanceof Lookup.Failed<List<RoleAssignment>> f ? f.reason() : "not found (ARM 404)"));
        continue;
      }
      Map<String, RoleDefinition> definitions = new HashMap<>();
      RoleCatalogue.builtIns().forEach(d -> definitions.put(d.guid(), d));
      authorization.roleDefinitionsAt(listed).found().orElse(List.of()).forEach(d -> definitions.put(d.guid(), d));
      List<RoleAssignment> found = assignments.found().orElseThrow();
      List<ActingAs.Path> paths = p.isSystemAssignedIdentity()
          ? ActingAs.onApp(resource, p.id(), found, a -> Optional.ofNullable(definitions.get(a.roleDefinitionGuid())), tree)
          : ActingAs.onUserAssigned(resource, p.id(), found,
              a -> Optional.ofNullable(definitions.get(a.roleDefinitionGuid())), tree);
      for (ActingAs.Path path : paths) {
        out.add(new Path(path.actor(), path.actorType(), path.levers().stream().map(ActingAs.Lever::describe)
            .reduce((a, b) -> a + " + " + b).orElse("") + " → " + (p.isSystemAssignedIdentity()
            ? "the identity of " + resource.name() : "user-assigned identity " + resource.name()) + " (" + p.id()
            + "), which is allowed", path.possible()));
      }
    }
    return out;
  }

  private static Optional<Scope> scope(String id) {
    try {
      return Optional.of(Scope.parse(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
