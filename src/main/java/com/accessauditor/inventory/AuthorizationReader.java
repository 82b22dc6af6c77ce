package com.accessauditor.inventory;

import com.accessauditor.model.ActiveAssignment;
import com.accessauditor.model.DenyAssignment;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.RoleEligibility;
import com.accessauditor.model.Scope;
import com.accessauditor.rbac.ScopeTree;
import java.util.List;
import java.util.Optional;

/** Reads role assignments, role definitions and deny assignments from ARM (or a snapshot of them). */
public interface AuthorizationReader {
  Lookup<RoleAssignment> roleAssignment(String assignmentId);

  Lookup<RoleDefinition> roleDefinition(String roleDefinitionId);

  /** Every assignment that applies at or below {@code scope}, inherited ones from above included (as ARM lists). */
  Lookup<List<RoleAssignment>> roleAssignmentsFor(Scope scope);

  /** Built-in and custom role definitions assignable at {@code scope}. */
  Lookup<List<RoleDefinition>> roleDefinitionsAt(Scope scope);

  Lookup<List<DenyAssignment>> denyAssignmentsFor(Scope scope);

  /**
   * PIM eligibilities that apply at or below {@code scope}, inherited ones from above included; a failure
   * where this source does not read them, so nothing is judged on eligibilities it never saw.
   */
  default Lookup<List<RoleEligibility>> roleEligibilitiesFor(Scope scope) {
    return Lookup.failed("PIM eligibilities are not read from this source");
  }

  /** PIM's active assignments at, above and below {@code scope}, with their origin; a failure where not read. */
  default Lookup<List<ActiveAssignment>> activeAssignmentsFor(Scope scope) {
    return Lookup.failed("PIM active assignments are not read from this source");
  }

  /** One principal's PIM active assignments at, above and below {@code scope}: is a new grant an activation? */
  default Lookup<List<ActiveAssignment>> activeAssignmentsOf(Scope scope, PrincipalId principal) {
    return activeAssignmentsFor(scope).map(list -> list.stream().filter(a -> a.principalId().equals(principal)).toList());
  }

  /** ARM's error code for PIM in a tenant without Entra ID P2 or Governance. */
  String PIM_NOT_LICENSED = "AadPremiumLicenseRequired";
  /** How a source says it holds nothing of PIM by design (an export made without PIM's files). */
  String PIM_NOT_EXPORTED = "PIM was not exported";

  /**
   * The note to say, when a PIM read failed for a reason that is not a fault: the tenant has no licence for
   * PIM (so nobody can activate anything), or the export holds no PIM files.
   */
  static java.util.Optional<String> pimUnavailable(String failure) {
    if (failure.contains(PIM_NOT_LICENSED)) {
      return java.util.Optional.of("PIM eligibilities: the tenant has no Entra ID P2 or Governance licence ("
          + PIM_NOT_LICENSED + "), so nobody can activate a role through PIM; eligibility was not judged");
    }
    if (failure.contains(PIM_NOT_EXPORTED)) {
      return java.util.Optional.of("PIM eligibilities: the export has no roleEligibilityScheduleInstances.json and"
          + " roleAssignmentScheduleInstances.json, so eligibility was not judged (docs/snapshots.md gives the az rest"
          + " commands that export them)");
    }
    return java.util.Optional.empty();
  }

  /**
   * Where management groups and subscriptions sit, as far as this source knows. ARM lists, for a scope,
   * only the grants of that scope's ancestors, so by default what it hands out for a scope applies there.
   */
  default ScopeTree scopeTree() {
    return ScopeTree.listedForScope();
  }

  /**
   * The ids of the subscriptions anywhere below a management group: what a sweep of the group covers. By
   * default from {@link #scopeTree()}; a failure when that does not know where subscriptions sit.
   */
  default Lookup<List<String>> subscriptionsBelow(Scope managementGroup) {
    return scopeTree().subscriptionsBelow(managementGroup.name()).<Lookup<List<String>>>map(Lookup::found)
        .orElseGet(() -> Lookup.failed("where subscriptions sit below management group " + managementGroup.name()
            + " is not known" + scopeTree().unknownBecause().map(w -> " (" + w + ")").orElse("")));
  }

  /**
   * The role assignments made in these subscriptions (not those inherited from management groups), in one
   * paged tenant-wide query where the source has one (Azure Resource Graph); empty where it has not, and
   * the caller lists per scope instead.
   */
  default Optional<Lookup<List<RoleAssignment>>> roleAssignmentsIn(List<String> subscriptionIds) {
    return Optional.empty();
  }

  /** Role definitions visible in these subscriptions in one tenant-wide query; empty where there is none. */
  default Optional<Lookup<List<RoleDefinition>>> roleDefinitionsIn(List<String> subscriptionIds) {
    return Optional.empty();
  }
}
