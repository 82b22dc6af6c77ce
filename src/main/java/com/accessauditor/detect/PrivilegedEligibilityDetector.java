package com.accessauditor.detect;

import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.RoleEligibility;
import com.accessauditor.rbac.RoleEvaluation;
import com.accessauditor.rbac.RoleEvaluation.Power;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PRIVILEGED_ELIGIBILITY: a principal is eligible through PIM for a role that PRIVILEGED_GRANT would flag
 * (Owner, User Access Administrator, RBAC Administrator, Contributor at subscription or above, or a custom
 * role that grants alike): one activation away from it. Severity is one step below what the active grant
 * gets, since activation takes a request (and, where PIM is set so, MFA, a justification or an approver).
 *
 * <p>An eligibility whose principal was deleted is an ORPHANED_ASSIGNMENT instead, not this.
 *
 * <p>Fix: remove the eligibility with PIM's admin removal, or narrow it (a resource group, a smaller role).
 */
// Each eligibility is judged on its own, like a grant.
@DetectorInfo(
    kinds = FindingKind.PRIVILEGED_ELIGIBILITY,
    severity = Severity.HIGH,
    needs = {Facet.PIM, Facet.ROLE_DEFINITIONS, Facet.DIRECTORY},
    fix = "Remove the eligibility (PIM AdminRemove), or narrow its role or scope and require approval on activation")
public final class PrivilegedEligibilityDetector implements SweepDetector {

  @Override
  public List<FindingDraft> inspect(SweepFacts facts) {
    List<FindingDraft> out = new ArrayList<>();
    for (RoleEligibility e : facts.pim().eligibilities()) {
      Lookup<Principal> principal = facts.principal(e.principalId());
      if (principal instanceof Lookup.NotFound<Principal>) {
        continue; // an orphaned eligibility, ORPHANED_ASSIGNMENT's to report
      }
      Optional<RoleDefinition> definition = Optional.ofNullable(facts.definitions().get(e.roleDefinitionGuid()));
      Power power = RoleEvaluation.power(e.roleDefinitionGuid(), definition);
      boolean external = PrivilegedGrantDetector.isExternal(principal.found(), e.principalType());
      PrivilegedGrantDetector.severity(power, e.scope(), external)
          .ifPresent(active -> out.add(draft(e, facts, principal.found(), power, external, active.lower())));
    }
    return out;
  }

  private static FindingDraft draft(RoleEligibility e, SweepFacts facts, Optional<Principal> principal, Power power,
      boolean external, Severity severity) {
    String role = facts.roleName(e.roleDefinitionId());
    String name = principal.map(Principal::displayName).filter(n -> !n.isBlank()).orElse("");
    String who = name.isEmpty() ? e.principalId().value() : name;
    String where = PrivilegedGrantDetector.describe(e.scope());
    StringBuilder detail = new StringBuilder()
        .append(e.principalType()).append(' ').append(who).append(" is eligible through PIM for ").append(role)
        .append(" at ").append(where).append(": one activation away from it. ")
        .append(power == Power.GRANTS_ROLES
            ? role + " can grant any role to anyone, including itself, everywhere under " + where + "."
            : role + " can change or delete every resource under " + where + ".");
    if (external) {
      detail.append(" The eligible principal is from outside the tenant (guest or foreign principal).");
    }
    if (!"Direct".equalsIgnoreCase(e.memberType())) {
      detail.append(" The eligibility is ").append(e.memberType().toLowerCase(java.util.Locale.ROOT))
          .append(" (PIM's memberType), not made to this principal directly.");
    }
    e.endDateTime().ifPresentOrElse(t -> detail.append(" It ends ").append(t).append('.'),
        () -> detail.append(" It is permanent (no end date)."));
    e.condition().ifPresent(c -> detail.append(" It has a condition: ").append(c));
    String remediation = "# If the eligibility is not needed, remove it (PIM's admin removal):\n"
        + AzCommand.removeEligibility(e)
        + "\n# If it is, prefer a narrower role or scope, and require approval and MFA on activation in the role's"
        + " PIM settings.";
    return new FindingDraft(FindingKind.PRIVILEGED_ELIGIBILITY, severity, e.principalId().value(),
        e.scope().subscriptionId().orElse(""), e.scope().value(), e.principalId().value(), e.principalType(), name,
        role, role + " eligible through PIM for " + (external ? "external " : "") + e.principalType() + " " + who
            + " at " + where,
        detail.toString(), remediation, FindingDraft.Source.SWEEP, Optional.empty());
  }
}
