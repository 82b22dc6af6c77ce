package com.accessauditor.rbac;

import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who can act as a managed identity: whoever can change what runs as it. For an app's system-assigned
 * identity, anyone who can write, deploy to or read the publishing credentials of the app (at the app or
 * above); for a user-assigned identity, anyone who may attach it ({@code assign/action} on it) and who can
 * write some compute to attach it to. Reader on an app is no way in.
 */
public final class ActingAs {
  /** What lets a principal put its own code into an app, or read what would let it (publishing credentials). */
  public static final List<String> APP_ACTIONS = List.of(
      "Microsoft.Web/sites/write", "Microsoft.Web/sites/publish/action", "Microsoft.Web/sites/config/write",
      "Microsoft.Web/sites/config/list/action", "Microsoft.Web/sites/slots/write",
      "Microsoft.Web/sites/slots/publish/action", "Microsoft.Web/sites/slots/config/write",
      "Microsoft.Web/sites/slots/config/list/action");
  /** Attaching a user-assigned identity, as ARM names it and as roles write it (Managed Identity Operator). */
  public static final List<String> ASSIGN_ACTIONS = List.of(
      "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
      "Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action");
  /** Compute a user-assigned identity can be attached to, and code then run as it. */
  public static final List<String> COMPUTE_ACTIONS = List.of(
      "Microsoft.Web/sites/write", "Microsoft.Compute/virtualMachines/write",
      "Microsoft.ContainerInstance/containerGroups/write", "Microsoft.App/containerApps/write");

  private ActingAs() {}

  /** One grant a path rests on, and the action that makes it count. */
  public record Lever(RoleAssignment grant, String roleName, String action) {
    public String describe() {
      return roleName + " on " + grant.scope().describe() + grant.condition().map(c -> " (if " + c + ")").orElse("");
    }
  }

  /**
   * P acts as identity M through {@code levers}: one grant for an app's own identity, two for a user-assigned
   * one (attach it, and write compute to attach it to).
   *
   * @param possible a lever rests on a condition evaluated per request: possible, not certain
   */
  public record Path(PrincipalId actor, String actorType, PrincipalId identity, Scope owner, boolean systemAssigned,
      List<Lever> levers, boolean possible) {
    public Path {
      levers = List.copyOf(levers);
    }
  }

  /** Whether the assignment could be part of a path: it grants one of the actions above. */
  public static boolean isLever(RoleAssignment a, Optional<RoleDefinition> definition) {
    return definition.map(d -> firstGranted(d, APP_ACTIONS).or(() -> firstGranted(d, ASSIGN_ACTIONS))
        .or(() -> firstGranted(d, COMPUTE_ACTIONS)).isPresent()).orElse(false);
  }

  /** Who can deploy to the app and so act as its system-assigned identity. */
  public static List<Path> onApp(Scope site, PrincipalId identity, List<RoleAssignment> assignments,
      Function<RoleAssignment, Optional<RoleDefinition>> definition, ScopeTree tree) {
    Map<PrincipalId, Path> out = new LinkedHashMap<>();
    for (RoleAssignment a : assignments) {
      if (a.principalId().equals(identity) || tree.contains(a.scope(), site) != ScopeTree.Containment.YES) {
        continue;
      }
      Optional<RoleDefinition> d = definition.apply(a);
      Optional<String> action = d.flatMap(r -> firstGranted(r, APP_ACTIONS));
      if (action.isPresent()) {
        Path p = new Path(a.principalId(), a.principalType(), identity, site, true,
            List.of(new Lever(a, d.get().roleName(), action.get())), a.condition().isPresent());
        out.merge(a.principalId(), p, ActingAs::surer);
      }
    }
    return List.copyOf(out.values());
  }

  /**
   * Who may attach the user-assigned identity and can write compute to attach it to, among the assignments
   * given (those that reach the identity, and the actor's compute grants).
   */
  public static List<Path> onUserAssigned(Scope resource, PrincipalId identity, List<RoleAssignment> assignments,
      Function<RoleAssignment, Optional<RoleDefinition>> definition, ScopeTree tree) {
    Map<PrincipalId, Lever> compute = new LinkedHashMap<>();
    for (RoleAssignment a : assignments) {
      Optional<RoleDefinition> d = definition.apply(a);
      d.flatMap(r -> firstGranted(r, COMPUTE_ACTIONS))
          .ifPresent(action -> compute.putIfAbsent(a.principalId(), new Lever(a, d.get().roleName(), action)));
    }
    Map<PrincipalId, Path> out = new LinkedHashMap<>();
    for (RoleAssignment a : assignments) {
      if (a.principalId().equals(identity) || tree.contains(a.scope(), resource) != ScopeTree.Containment.YES) {
        continue;
      }
      Optional<RoleDefinition> d = definition.apply(a);
      Optional<String> assign = d.flatMap(r -> firstGranted(r, ASSIGN_ACTIONS));
      Lever host = compute.get(a.principalId());
      if (assign.isPresent() && host != null) {
        List<Lever> levers = new ArrayList<>(List.of(new Lever(a, d.get().roleName(), assign.get())));
        if (!host.grant().id().equalsIgnoreCase(a.id())) {
          levers.add(host);
        }
        Path p = new Path(a.principalId(), a.principalType(), identity, resource, false, levers,
            levers.stream().anyMatch(l -> l.grant().condition().isPresent()));
        out.merge(a.principalId(), p, ActingAs::surer);
      }
    }
    return List.copyOf(out.values());
  }

  private static Path surer(Path a, Path b) {
    return a.possible() && !b.possible() ? b : a;
  }

  private static Optional<String> firstGranted(RoleDefinition role, List<String> actions) {
    return actions.stream().filter(x -> RoleEvaluation.grantsControl(role, x)).findFirst();
  }
}
