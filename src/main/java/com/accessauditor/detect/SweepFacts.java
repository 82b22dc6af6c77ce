package com.accessauditor.detect;

import com.accessauditor.baseline.Baseline;
import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.inventory.KnownIdentity;
import com.accessauditor.inventory.KnownRole;
import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.model.AppSettings;
import com.accessauditor.model.DenyAssignment;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import com.accessauditor.rbac.BuiltInRoles;
import com.accessauditor.rbac.ScopeTree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one sweep read, plus what the inventory knew before it: the input of every {@link SweepDetector}.
 *
 * @param scopes the scopes swept
 * @param assignments each assignment once, from every swept scope
 * @param definitions role definitions by GUID
 * @param deletedPrincipals soft-deleted directory objects by id; empty when they could not be read
 * @param known the inventory before this sweep
 * @param gaps for each facet that could not be read, in which subscriptions ("*" for all)
 * @param deletedTypesRead the kinds of directory object (user, group, servicePrincipal; lower case) whose
 *     deleted items were read: a principal of another kind missing from them is not "deleted for good"
 * @param pim PIM's eligibilities and activations where they were read ({@link Facet#PIM})
 * @param groupMembers the members of the groups a detector asked to name ({@link SweepDetector#namesMembersOf})
 * @param denyAssignments the deny assignments read for the swept scopes ({@link Facet#DENY_ASSIGNMENTS})
 * @param hierarchy where management groups and subscriptions sit, read when the facts hold a grant made at a
 *     management group (which apps it reaches needs it); unknown otherwise
 */
public record SweepFacts(
    Instant now,
    List<Scope> scopes,
    List<RoleAssignment> assignments,
    Map<String, RoleDefinition> definitions,
    List<SiteIdentity> sites,
    Map<Scope, AppSettings> appSettings,
    List<UserAssignedIdentity> identities,
    PrincipalBatch directory,
    Optional<Map<PrincipalId, Principal>> deletedPrincipals,
    Known known,
    Optional<Baseline> baseline,
    Map<Facet, Set<String>> gaps,
    Set<String> deletedTypesRead,
    PimSchedules pim,
    Map<PrincipalId, Lookup<List<Principal>>> groupMembers,
    ScopeTree hierarchy,
    List<DenyAssignment> denyAssignments) {

  public SweepFacts(Instant now, List<Scope> scopes, List<RoleAssignment> assignments,
      Map<String, RoleDefinition> definitions, List<SiteIdentity> sites,
      Map<Scope, AppSettings> appSettings, List<UserAssignedIdentity> identities, PrincipalBatch directory,
      Optional<Map<PrincipalId, Principal>> deletedPrincipals, Known known, Optional<Baseline> baseline,
      Map<Facet, Set<String>> gaps, Set<String> deletedTypesRead, PimSchedules pim,
      Map<PrincipalId, Lookup<List<Principal>>> groupMembers, ScopeTree hierarchy) {
    this(now, scopes, assignments, definitions, sites, appSettings, identities, directory, deletedPrincipals, known,
        baseline, gaps, deletedTypesRead, pim, groupMembers, hierarchy, List.of());
  }

  public SweepFacts(Instant now, List<Scope> scopes, List<RoleAssignment> assignments,
      Map<String, RoleDefinition> definitions, List<SiteIdentity> sites,
      Map<Scope, AppSettings> appSettings, List<UserAssignedIdentity> identities, PrincipalBatch directory,
      Optional<Map<PrincipalId, Principal>> deletedPrincipals, Known known, Optional<Baseline> baseline,
      Map<Facet, Set<String>> gaps, Set<String> deletedTypesRead, PimSchedules pim,
      Map<PrincipalId, Lookup<List<Principal>>> groupMembers) {
    this(now, scopes, assignments, definitions, sites, appSettings, identities, directory, deletedPrincipals, known,
        baseline, gaps, deletedTypesRead, pim, groupMembers,
        ScopeTree.unknown("the hierarchy was not read for this sweep"));
  }

  public SweepFacts(Instant now, List<Scope> scopes, List<RoleAssignment> assignments,
      Map<String, RoleDefinition> definitions, List<SiteIdentity> sites,
      Map<Scope, AppSettings> appSettings, List<UserAssignedIdentity> identities, PrincipalBatch directory,
      Optional<Map<PrincipalId, Principal>> deletedPrincipals, Known known, Optional<Baseline> baseline,
      Map<Facet, Set<String>> gaps, Set<String> deletedTypesRead, PimSchedules pim) {
    this(now, scopes, assignments, definitions, sites, appSettings, identities, directory,
        deletedPrincipals, known, baseline, gaps, deletedTypesRead, pim, Map.of());
  }

  public SweepFacts(Instant now, List<Scope> scopes, List<RoleAssignment> assignments,
      Map<String, RoleDefinition> definitions, List<SiteIdentity> sites,
      Map<Scope, AppSettings> appSettings, List<UserAssignedIdentity> identities, PrincipalBatch directory,
      Optional<Map<PrincipalId, Principal>> deletedPrincipals, Known known, Optional<Baseline> baseline,
      Map<Facet, Set<String>> gaps, Set<String> deletedTypesRead) {
    this(now, scopes, assignments, definitions, sites, appSettings, identities, directory,
        deletedPrincipals, known, baseline, gaps, deletedTypesRead, PimSchedules.NONE);
  }

  public SweepFacts(Instant now, List<Scope> scopes, List<RoleAssignment> assignments,
      Map<String, RoleDefinition> definitions, List<SiteIdentity> sites,
      Map<Scope, AppSettings> appSettings, List<UserAssignedIdentity> identities, PrincipalBatch directory,
      Optional<Map<PrincipalId, Principal>> deletedPrincipals, Known known, Optional<Baseline> baseline,
      Map<Facet, Set<String>> gaps) {
    this(now, scopes, assignments, definitions, sites, appSettings, identities, directory,
        deletedPrincipals, known, baseline, gaps, Directory.ALL_TYPES);
  }

  /** The same facts with what PIM said. */
  public SweepFacts withPim(PimSchedules read) {
    return new SweepFacts(now, scopes, assignments, definitions, sites, appSettings, identities, directory,
        deletedPrincipals, known, baseline, gaps, deletedTypesRead, read, groupMembers, hierarchy, denyAssignments);
  }

  /** The same facts with where management groups and subscriptions sit. */
  public SweepFacts withHierarchy(ScopeTree tree) {
    return new SweepFacts(now, scopes, assignments, definitions, sites, appSettings, identities, directory,
        deletedPrincipals, known, baseline, gaps, deletedTypesRead, pim, groupMembers, tree, denyAssignments);
  }

  /** Whether a grant was made at a management group: then who it reaches needs {@link #hierarchy()}. */
  public boolean holdsManagementGroupGrants() {
    return assignments.stream().anyMatch(a -> a.scope().level() == Scope.Level.MANAGEMENT_GROUP);
  }

  /** The same facts with these groups' members, as the directory answered. */
  public SweepFacts withGroupMembers(Map<PrincipalId, Lookup<List<Principal>>> members) {
    return new SweepFacts(now, scopes, assignments, definitions, sites, appSettings, identities, directory,
        deletedPrincipals, known, baseline, gaps, deletedTypesRead, pim, Map.copyOf(members), hierarchy,
        denyAssignments);
  }

  /** The same facts with the deny assignments read. */
  public SweepFacts withDenyAssignments(List<DenyAssignment> read) {
    return new SweepFacts(now, scopes, assignments, definitions, sites, appSettings, identities, directory,
        deletedPrincipals, known, baseline, gaps, deletedTypesRead, pim, groupMembers, hierarchy, List.copyOf(read));
  }

  /** The role's name from its definition, else the built-in name we know, else its GUID. */
  public String roleName(String roleDefinitionId) {
    String guid = RoleDefinition.guidOf(roleDefinitionId);
    return Optional.ofNullable(definitions.get(guid)).map(RoleDefinition::roleName)
        .or(() -> BuiltInRoles.nameOf(guid)).orElse(guid);
  }

  /** Whether the deleted items read would hold a deleted principal of this kind (ARM's or Graph's name). */
  public boolean deletedItemsCover(String principalType) {
    return deletedPrincipals.isPresent() && deletedTypesRead.contains(principalType.toLowerCase(java.util.Locale.ROOT));
  }

  /** Any subscription: a facet that failed everywhere (the directory) is recorded under this key. */
  public static final String EVERYWHERE = "*";

  /**
   * The inventory as it was before this sweep.
   *
   * @param lastCompleteSweep by subscription id
   */
  public record Known(
      Map<String, KnownAssignment> assignments, Map<Scope, KnownIdentity> identities, Map<String, KnownRole> customRoles,
      Map<String, Instant> lastCompleteSweep) {
    public static Known empty() {
      return new Known(Map.of(), Map.of(), Map.of(), Map.of());
    }
  }

  public Lookup<Principal> principal(PrincipalId id) {
    return directory.lookup(id);
  }

  public Optional<RoleDefinition> definition(RoleAssignment a) {
    return Optional.ofNullable(definitions.get(a.roleDefinitionGuid()));
  }

  /** The role's name from its definition, else the built-in name we know, else its GUID. */
  public String roleName(RoleAssignment a) {
    return definition(a).map(RoleDefinition::roleName)
        .or(() -> BuiltInRoles.nameOf(a.roleDefinitionGuid())).orElse(a.roleDefinitionGuid());
  }

  /** Whether {@code facet} was read for the subscription (or everywhere, for tenant-wide facets). */
  public boolean covered(Facet facet, String subscriptionId) {
    Set<String> failed = gaps.getOrDefault(facet, Set.of());
    return !failed.contains(EVERYWHERE) && !failed.contains(subscriptionId);
  }

  public Map<PrincipalId, List<RoleAssignment>> assignmentsByPrincipal() {
    Map<PrincipalId, List<RoleAssignment>> by = new HashMap<>();
    assignments.forEach(a -> by.computeIfAbsent(a.principalId(), k -> new ArrayList<>()).add(a));
    return by;
  }

  /**
   * Soft-deleted managed identities that belonged to this resource (an app's system-assigned identity, or a
   * user-assigned identity resource's own), newest first. Their alternativeNames name the resource.
   */
  public List<Principal> deletedIdentitiesOf(Scope resource) {
    return deletedPrincipals.map(d -> d.values().stream()
        .filter(Principal::isManagedIdentity)
        .filter(p -> p.isSystemAssignedIdentity() != resource.isUserAssignedIdentity())
        .filter(p -> p.managedIdentityResourceId().map(r -> Scope.parse(r).equals(resource)).orElse(false))
        .sorted(java.util.Comparator.comparing((Principal p) -> p.deletedDateTime().orElse(Instant.EPOCH)).reversed())
        .toList()).orElse(List.of());
  }

  /**
   * Every principal this resource's identity is known to have had, its current one included: the inventory's
   * last-known and previous principal, and the soft-deleted identities that name it.
   */
  public Set<PrincipalId> principalsEverOf(Scope resource) {
    Set<PrincipalId> ids = new java.util.LinkedHashSet<>();
    Optional.ofNullable(known.identities().get(resource)).ifPresent(k -> {
      k.principalId().ifPresent(ids::add);
      k.previousPrincipalId().ifPresent(ids::add);
    });
    deletedIdentitiesOf(resource).forEach(p -> ids.add(p.id()));
    return ids;
  }

  /** The site whose system-assigned identity or attached user-assigned identity is this principal. */
  public List<SiteIdentity> sitesUsing(PrincipalId principal) {
    return sites.stream()
        .filter(s -> s.systemAssignedPrincipalId().map(principal::equals).orElse(false)
            || s.userAssigned().containsValue(principal))
        .toList();
  }
}
