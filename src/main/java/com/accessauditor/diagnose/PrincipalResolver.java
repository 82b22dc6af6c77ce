package com.accessauditor.diagnose;

import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.ResourceReader;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import java.util.List;
import java.util.Optional;

/**
 * Who the principal in a question is: an object id, an app (client) id, a display name or UPN, or the
 * resource id of an app or user-assigned identity. Gone is told apart from "could not be asked".
 */
final class PrincipalResolver {
  private final Directory directory;
  private final ResourceReader resources;

  PrincipalResolver(Directory directory, ResourceReader resources) {
    this.directory = directory;
    this.resources = resources;
  }

  sealed interface Resolution {
    record Found(Principal principal) implements Resolution {}

    record Gone(PrincipalId id, Optional<Principal> softDeleted, Reason reason) implements Resolution {}

    record Unresolved(String why, boolean unreadable) implements Resolution {}
  }

  Resolution resolve(String raw) {
    if (PrincipalId.isGuid(raw)) {
      return byId(PrincipalId.parse(raw), raw);
    }
    if (raw.startsWith("/")) {
      return identityOfResource(Scope.parse(raw));
    }
    Lookup<List<Principal>> named = directory.principalsNamed(raw);
    if (named instanceof Lookup.Failed<List<Principal>> f) {
      return new Resolution.Unresolved("The directory could not be searched for '" + raw + "' (" + f.reason() + ").",
          true);
    }
    List<Principal> matches = named.found().orElse(List.of());
    if (matches.size() == 1) {
      return new Resolution.Found(matches.get(0));
    }
    return new Resolution.Unresolved(matches.isEmpty() ? "No user, group or service principal is named '" + raw
        + "'; give its object id." : matches.size() + " principals are named '" + raw + "' ("
        + String.join(", ", matches.stream().map(p -> p.type() + " " + p.id()).toList()) + "); give the object id.",
        false);
  }

  private Resolution byId(PrincipalId id, String raw) {
    Lookup<Principal> byObjectId = directory.principal(id);
    if (byObjectId instanceof Lookup.Found<Principal> f) {
      return new Resolution.Found(f.value());
    }
    if (byObjectId instanceof Lookup.Failed<Principal> f) {
      return new Resolution.Unresolved("The directory could not be asked who " + id + " is (" + f.reason()
          + "); no conclusion is drawn about the principal.", true);
    }
    Lookup<Principal> byAppId = directory.servicePrincipalByAppId(raw);
    if (byAppId instanceof Lookup.Found<Principal> f) {
      return new Resolution.Found(f.value());
    }
    if (byAppId instanceof Lookup.Failed<Principal> f) {
      return new Resolution.Unresolved("The directory could not be asked whether " + id + " is an app id ("
          + f.reason() + "); no conclusion is drawn about the principal.", true);
    }
    return gone(id);
  }

  private Resolution gone(PrincipalId id) {
    Lookup<List<Principal>> deleted = directory.deletedPrincipals();
    if (deleted instanceof Lookup.Failed<List<Principal>> f) {
      return new Resolution.Gone(id, Optional.empty(), new Reason(Reason.Kind.NOT_READ, "Principal " + id
          + " is not in the directory: it was deleted (whether it can be restored is unknown: the deleted items"
          + " could not be read, " + f.reason() + "), or the id is not an object id or app id of this tenant."));
    }
    Optional<Principal> soft = deleted.found().orElse(List.of()).stream().filter(p -> p.id().equals(id)).findFirst();
    return new Resolution.Gone(id, soft, soft.map(p -> new Reason(Reason.Kind.PRINCIPAL_SOFT_DELETED,
            "Principal " + id + " (" + p.label() + ") was deleted" + p.deletedDateTime().map(t -> " on " + t)
                .orElse("") + (p.isManagedIdentity() ? "; it was a managed identity, which cannot be restored:"
                + " its resource gets a new one." : " and is in the directory's deleted items (restorable for 30"
                + " days).")))
        .orElseGet(() -> new Reason(Reason.Kind.PRINCIPAL_DELETED, "Principal " + id + " does not exist in the"
            + " directory: it was deleted for good, or the id is not an object id or app id of this tenant.")));
  }

  /** The app's (or user-assigned identity's) resource id: its current principal. */
  private Resolution identityOfResource(Scope resource) {
    Lookup<Optional<PrincipalId>> current = resource.isUserAssignedIdentity()
        ? resources.userAssignedIdentity(resource).map(u -> Optional.of(u.principalId()))
        : resources.siteIdentity(resource).map(SiteIdentity::systemAssignedPrincipalId);
    if (current instanceof Lookup.Failed<Optional<PrincipalId>> f) {
      return new Resolution.Unresolved("The identity of " + resource.describe() + " could not be read (" + f.reason()
          + ").", true);
    }
    if (current.found().flatMap(c -> c).isEmpty()) {
      return new Resolution.Unresolved(resource.describe() + " has no managed identity (or does not exist): it"
          + " cannot authenticate as itself. Turn it on: az webapp identity assign --ids " + resource.value(), false);
    }
    PrincipalId id = current.found().flatMap(c -> c).orElseThrow();
    Lookup<Principal> p = directory.principal(id);
    return p.found().<Resolution>map(Resolution.Found::new).orElseGet(() -> p instanceof Lookup.Failed<Principal> f
        ? new Resolution.Unresolved("The directory could not be asked who " + id + " is (" + f.reason() + ").", true)
        : new Resolution.Gone(id, Optional.empty(), new Reason(Reason.Kind.PRINCIPAL_DELETED, "The identity "
            + id + " that " + resource.describe() + " names does not exist in the directory.")));
  }
}
