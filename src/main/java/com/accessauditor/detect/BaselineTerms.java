package com.accessauditor.detect;

import com.accessauditor.baseline.DeclaredGrant;
import com.accessauditor.baseline.PrincipalRef;
import com.accessauditor.baseline.Tolerance;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.RoleEligibility;
import com.accessauditor.model.Scope;
import com.accessauditor.rbac.BuiltInRoles;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Resolves a baseline's names (principals, roles) against what the sweep read. */
final class BaselineTerms {
  private final SweepFacts facts;

  BaselineTerms(SweepFacts facts) {
    this.facts = facts;
  }

  /** The principals a reference means today; empty when nothing matches. */
  Set<PrincipalId> principals(PrincipalRef ref) {
    Set<PrincipalId> ids = new HashSet<>();
    if (ref instanceof PrincipalRef.ObjectId o) {
      ids.add(o.id());
    } else if (ref instanceof PrincipalRef.OwnerResource r) {
      if (r.isUserAssignedIdentity()) {
        facts.identities().stream().filter(i -> i.resourceId().equals(r.resourceId()))
            .forEach(i -> ids.add(i.principalId()));
        facts.sites().forEach(s -> s.userAssigned().forEach((k, v) -> {
          if (Scope.parse(k).equals(r.resourceId())) {
            ids.add(v);
          }
        }));
      } else {
        facts.sites().stream().filter(s -> s.siteId().equals(r.resourceId()))
            .forEach(s -> s.systemAssignedPrincipalId().ifPresent(ids::add));
      }
    } else {
      String name = ((PrincipalRef.DisplayName) ref).name();
      facts.directory().found().values().stream()
          .filter(p -> p.displayName().equalsIgnoreCase(name)
              || p.userPrincipalName().map(u -> u.equalsIgnoreCase(name)).orElse(false))
          .map(Principal::id)
          .forEach(ids::add);
    }
    return ids;
  }

  /** A role GUID, or the GUID of the definition (or built-in role) with that name. */
  Optional<String> roleGuid(String role) {
    String r = role.trim();
    if (PrincipalId.isGuid(r) || r.contains("/")) {
      return Optional.of(RoleDefinition.guidOf(r));
    }
    return facts.definitions().values().stream()
        .filter(d -> d.roleName().equalsIgnoreCase(r))
        .map(RoleDefinition::guid)
        .findFirst()
        .or(() -> BuiltInRoles.guidOf(r));
  }

  boolean matches(DeclaredGrant grant, RoleAssignment a, Set<PrincipalId> principals, Optional<String> roleGuid) {
    return principals.contains(a.principalId())
        && roleGuid.map(g -> g.equals(a.roleDefinitionGuid())).orElse(false)
        && grant.scope().matches(a.scope());
  }

  /** Whether an eligibility is the declared one. */
  boolean matches(DeclaredGrant grant, RoleEligibility e, Set<PrincipalId> principals,
      Optional<String> roleGuid) {
    return principals.contains(e.principalId())
        && roleGuid.map(g -> g.equals(e.roleDefinitionGuid())).orElse(false)
        && grant.scope().matches(e.scope());
  }

  /** The assignments a tolerance lets through; its role and principals are resolved once, not per assignment. */
  java.util.function.Predicate<RoleAssignment> tolerance(Tolerance t) {
    Optional<Optional<String>> role = t.role().map(this::roleGuid);
    Optional<Set<PrincipalId>> principals = t.principal().map(this::principals);
    return a -> t.scope().covers(a.scope())
        && role.map(r -> r.map(g -> g.equals(a.roleDefinitionGuid())).orElse(false)).orElse(true)
        && principals.map(ps -> ps.contains(a.principalId())).orElse(true);
  }
}
