package com.accessauditor.diagnose;

import com.accessauditor.detect.Regrant;
import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.InventoryStore;
import com.accessauditor.inventory.KnownIdentity;
import com.accessauditor.inventory.ResourceReader;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.StoreUnavailableException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Whether the principal in a question is one side of a recycled identity: the old, deleted principal of a
 * resource that now has another, or the new principal of a resource whose old one still holds the grants.
 * The evidence is the deleted service principal's alternativeNames or, after Graph purged it (30 days),
 * the previous principal the inventory remembers.
 */
final class RecycleEvidence {
  record Recycle(Reason reason, List<String> commands) {}

  private final AuthorizationReader authorization;
  private final ResourceReader resources;
  private final Directory directory;
  private final Optional<InventoryStore> memory;

  RecycleEvidence(AuthorizationReader authorization, ResourceReader resources, Directory directory,
      Optional<InventoryStore> memory) {
    this.authorization = authorization;
    this.resources = resources;
    this.directory = directory;
    this.memory = memory;
  }

  /** The principal asked about is gone: was it a managed identity whose resource now has another one? */
  Optional<Recycle> fromOld(PrincipalResolver.Resolution.Gone gone, List<RoleAssignment> inScope,
      Function<RoleAssignment, String> roleName, Scope asked) {
    Optional<Principal> old = gone.softDeleted().filter(Principal::isManagedIdentity);
    Optional<Scope> resource = old.flatMap(Principal::managedIdentityResourceId).map(Scope::parse)
        .or(() -> rememberedOwnerOf(gone.id(), asked));
    if (resource.isEmpty()) {
      return Optional.empty();
    }
    Optional<PrincipalId> now = currentIdentity(resource.get());
    return now.filter(n -> !n.equals(gone.id())).map(n -> recycle(resource.get(), gone.id(), n, inScope, roleName));
  }

  /** The principal is an app's identity: did the same app have another one before that still holds grants? */
  Optional<Recycle> fromNew(Principal principal, List<RoleAssignment> inScope,
      Function<RoleAssignment, String> roleName) {
    Optional<String> resource = principal.managedIdentityResourceId();
    if (resource.isEmpty()) {
      return Optional.empty();
    }
    return directory.deletedPrincipals().found().orElse(List.of()).stream()
        .filter(d -> !d.id().equals(principal.id()))
        .filter(d -> d.managedIdentityResourceId().filter(resource.get()::equalsIgnoreCase).isPresent())
        .filter(d -> inScope.stream().anyMatch(a -> a.principalId().equals(d.id())))
        .findFirst()
        .map(Principal::id)
        .or(() -> rememberedPrevious(Scope.parse(resource.get())).filter(p -> !p.equals(principal.id()))
            .filter(p -> inScope.stream().anyMatch(a -> a.principalId().equals(p))))
        .map(old -> recycle(Scope.parse(resource.get()), old, principal.id(), inScope, roleName));
  }

  private Optional<Scope> rememberedOwnerOf(PrincipalId old, Scope asked) {
    return memory.flatMap(m -> asked.subscriptionId().flatMap(sub -> remembered(() -> m.identitiesIn(sub).stream()
        .filter(k -> k.previousPrincipalId().filter(old::equals).isPresent())
        .map(KnownIdentity::resourceId).findFirst())));
  }

  private Optional<PrincipalId> rememberedPrevious(Scope resource) {
    return memory.flatMap(m -> remembered(() -> m.identity(resource).flatMap(KnownIdentity::previousPrincipalId)));
  }

  /** The inventory is a help, never a requirement: when its table cannot be read the diagnosis goes on. */
  private static <T> Optional<T> remembered(Supplier<Optional<T>> read) {
    try {
      return read.get();
    } catch (StoreUnavailableException e) {
      return Optional.empty();
    }
  }

  private Optional<PrincipalId> currentIdentity(Scope resource) {
    if (resource.isUserAssignedIdentity()) {
      return resources.userAssignedIdentity(resource).found().map(u -> u.principalId());
    }
    return resources.siteIdentity(resource).found().flatMap(SiteIdentity::systemAssignedPrincipalId);
  }

  private Recycle recycle(Scope resource, PrincipalId old, PrincipalId now, List<RoleAssignment> inScope,
      Function<RoleAssignment, String> roleName) {
    // Every grant the old identity left in the app's subscription, not only the one this request needed:
    // the next request would fail on the next one.
    List<RoleAssignment> inSubscription = resource.subscriptionId()
        .flatMap(sub -> authorization.roleAssignmentsFor(Scope.parse("/subscriptions/" + sub)).found())
        .orElse(inScope);
    List<RoleAssignment> left = inSubscription.stream().filter(a -> a.principalId().equals(old)).toList();
    List<RoleAssignment> held = inSubscription.stream().filter(a -> a.principalId().equals(now)).toList();
    String roles = String.join(", ", left.stream().map(a -> roleName.apply(a) + " at " + a.scope().describe())
        .toList());
    return new Recycle(new Reason(Reason.Kind.RECYCLED_IDENTITY, resource.describe() + "'s identity was recreated:"
        + " it was " + old + " and is now " + now + ". Its grants (" + (roles.isEmpty() ? "none found" : roles)
        + ") still name the old, deleted principal, so the app's requests, made as " + now
        + ", are refused. Re-grant them to " + now + "."), Regrant.of(now, left, held).lines());
  }
}
