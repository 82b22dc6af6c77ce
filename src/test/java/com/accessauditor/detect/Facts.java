package com.accessauditor.detect;

import com.accessauditor.baseline.Baseline;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.inventory.KnownIdentity;
import com.accessauditor.inventory.KnownRole;
import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.model.ActiveAssignment;
import com.accessauditor.model.AppSettings;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.RoleEligibility;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds the facts a sweep would have read, for detector unit tests. */
final class Facts {
  static final String SUB = "11111111-2222-3333-4444-555555555555";
  static final Scope SUBSCRIPTION = Scope.parse("/subscriptions/" + SUB);
  static final Scope RG = Scope.parse(SUBSCRIPTION.value() + "/resourceGroups/rg-app");
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private final List<RoleAssignment> assignments = new ArrayList<>();
  private final Map<String, RoleDefinition> definitions = new HashMap<>();
  private final List<SiteIdentity> sites = new ArrayList<>();
  private final Map<Scope, AppSettings> settings = new HashMap<>();
  private final List<UserAssignedIdentity> identities = new ArrayList<>();
  private final Map<PrincipalId, Principal> principals = new HashMap<>();
  private final Set<PrincipalId> unanswered = new HashSet<>();
  private Optional<Map<PrincipalId, Principal>> deleted = Optional.of(new HashMap<>());
  private final Map<String, KnownAssignment> knownAssignments = new HashMap<>();
  private final Map<Scope, KnownIdentity> knownIdentities = new HashMap<>();
  private final Map<String, KnownRole> knownRoles = new HashMap<>();
  private final Map<String, Instant> lastSweep = new HashMap<>();
  private Optional<Baseline> baseline = Optional.empty();
  private final List<RoleEligibility> eligibilities = new ArrayList<>();
  private final List<ActiveAssignment> active = new ArrayList<>();
  private boolean pimRead = true;
  private int next = 1;

  static PrincipalId id(int n) {
    return PrincipalId.parse(String.format("0a1b2c3d-0000-4000-8000-%012d", n));
  }

  RoleAssignment assign(PrincipalId principal, String roleGuid, Scope scope) {
    return assign(principal, "ServicePrincipal", roleGuid, scope, Optional.empty());
  }

  RoleAssignment assign(PrincipalId principal, String type, String roleGuid, Scope scope, Optional<Instant> created) {
    String guid = String.format("5e0e7a10-0000-4000-8000-%012d", next++);
    RoleAssignment a = new RoleAssignment(scope.value() + "/providers/Microsoft.Authorization/roleAssignments/" + guid,
        scope, principal, type, "/subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions/"
            + roleGuid, Optional.empty(), created, Optional.of("admin@contoso.com"));
    assignments.add(a);
    return a;
  }

  RoleAssignment assignWithCondition(PrincipalId principal, String roleGuid, Scope scope, String condition) {
    RoleAssignment plain = assign(principal, "User", roleGuid, scope, Optional.empty());
    assignments.remove(plain);
    RoleAssignment a = new RoleAssignment(plain.id(), scope, principal, "User", plain.roleDefinitionId(),
        Optional.of(condition), Optional.empty(), Optional.empty());
    assignments.add(a);
    return a;
  }

  Facts definition(RoleDefinition d) {
    definitions.put(d.guid(), d);
    return this;
  }

  Facts principal(Principal p) {
    principals.put(p.id(), p);
    return this;
  }

  Facts user(PrincipalId id, String name) {
    return principal(new Principal(id, "user", name, Optional.of(name.replace(' ', '.') + "@contoso.com"),
        Optional.of("Member"), Optional.empty(), List.of()));
  }

  Facts managedIdentity(PrincipalId id, String name, Scope owner, boolean systemAssigned) {
    return principal(managedIdentityPrincipal(id, name, owner, systemAssigned, Optional.empty()));
  }

  static Principal managedIdentityPrincipal(PrincipalId id, String name, Scope owner, boolean systemAssigned,
      Optional<Instant> deletedAt) {
    return new Principal(id, "servicePrincipal", name, Optional.empty(), Optional.empty(),
        Optional.of("ManagedIdentity"), List.of("isExplicit=" + (systemAssigned ? "False" : "True"), owner.value()),
        deletedAt, Optional.empty());
  }

  Facts deleted(Principal p) {
    deleted.orElseThrow().put(p.id(), p);
    return this;
  }

  Facts deletedItemsUnreadable() {
    deleted = Optional.empty();
    return this;
  }

  Facts directoryDown(PrincipalId id) {
    unanswered.add(id);
    return this;
  }

  static Scope site(String name) {
    return Scope.parse(RG.value() + "/providers/Microsoft.Web/sites/" + name);
  }

  static Scope userAssignedIdentity(String name) {
    return Scope.parse(RG.value() + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/" + name);
  }

  Facts site(SiteIdentity site) {
    sites.add(site);
    return this;
  }

  Facts settings(Scope site, Map<String, String> values) {
    settings.put(site, new AppSettings(site, values));
    return this;
  }

  Facts identity(UserAssignedIdentity identity) {
    identities.add(identity);
    return this;
  }

  Facts known(KnownIdentity identity) {
    knownIdentities.put(identity.resourceId(), identity);
    return this;
  }

  Facts known(KnownAssignment assignment) {
    knownAssignments.put(assignment.id().toLowerCase(), assignment);
    return this;
  }

  Facts known(KnownRole role) {
    knownRoles.put(role.definition().guid(), role);
    return this;
  }

  Facts lastCompleteSweep(Instant at) {
    lastSweep.put(SUB, at);
    return this;
  }

  /** An eligibility as PIM lists it, its schedule's GUID derived from its number. */
  RoleEligibility eligible(PrincipalId principal, String type, String roleGuid, Scope scope) {
    String guid = String.format("e1e1e1e1-0000-4000-8000-%012d", next++);
    RoleEligibility e = new RoleEligibility(scope.value()
        + "/providers/Microsoft.Authorization/roleEligibilityScheduleInstances/" + guid, scope, principal, type,
        "/subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions/" + roleGuid,
        scope.value() + "/providers/Microsoft.Authorization/roleEligibilitySchedules/" + guid, "Provisioned", "Direct",
        Optional.empty(), Optional.of(NOW.minusSeconds(86_400)), Optional.empty());
    eligibilities.add(e);
    return e;
  }

  /** PIM's instance of an assignment: an activation of {@code of} when it is given, else Assigned. */
  Facts scheduleInstance(RoleAssignment a, Optional<RoleEligibility> of) {
    active.add(new ActiveAssignment(a.id() + "/instance", a.scope(), a.principalId(), a.principalType(),
        a.roleDefinitionId(), of.isPresent() ? "Activated" : "Assigned", Optional.of(a.id()),
        of.map(RoleEligibility::scheduleGuid), Optional.of(NOW), Optional.of(NOW.plusSeconds(8 * 3600))));
    return this;
  }

  /** PIM could not be read (or was not exported): a gap everywhere. */
  Facts pimUnread() {
    pimRead = false;
    return this;
  }

  Facts baseline(Baseline b) {
    baseline = Optional.of(b);
    return this;
  }

  SweepFacts build() {
    Map<Facet, Set<String>> gaps = new EnumMap<>(Facet.class);
    if (!unanswered.isEmpty()) {
      gaps.put(Facet.DIRECTORY, Set.of(SweepFacts.EVERYWHERE));
    }
    if (!pimRead) {
      gaps.put(Facet.PIM, Set.of(SweepFacts.EVERYWHERE));
    }
    return new SweepFacts(NOW, List.of(SUBSCRIPTION), assignments, definitions, sites, settings, identities,
        new PrincipalBatch(principals, unanswered, unanswered.isEmpty() ? List.of() : List.of("Graph answered 503")),
        deleted, new SweepFacts.Known(knownAssignments, knownIdentities, knownRoles, lastSweep), baseline, gaps)
        .withPim(pimRead ? new PimSchedules(eligibilities, active) : PimSchedules.NONE);
  }
}
