package com.accessauditor.detect;

import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import com.accessauditor.findings.Suppression;
import com.accessauditor.model.Principal;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.Scope;
import com.accessauditor.rbac.BuiltInRoles;
import com.accessauditor.rbac.RoleEvaluation.Power;
import com.accessauditor.rbac.RoleEvaluation;
import java.util.Optional;

/**
 * PRIVILEGED_GRANT: a role that controls everything below it was granted.
 *
 * <p>Catches: Owner, User Access Administrator or Role Based Access Control Administrator (anyone who can
 * grant roles) at subscription, management group or root scope (critical) or below (high: they can grant
 * themselves anything there); Contributor at subscription, management group or root scope (high); any of
 * these to a guest or foreign principal at any scope (critical). A custom role counts by what it grants,
 * NotActions applied: role assignment writes like Owner, any write like Contributor.
 *
 * <p>Fix: if the grant was not intended, delete it ({@code az role assignment delete --ids ...}); if it
 * was, grant a narrower role at the resource group that needs it, or make it eligible through PIM.
 */
@DetectorInfo(
    kinds = FindingKind.PRIVILEGED_GRANT,
    severity = Severity.CRITICAL,
    // Guests are recognised through the directory; without it a guest grant would go unreported.
    needs = {Facet.ROLE_ASSIGNMENTS, Facet.ROLE_DEFINITIONS, Facet.DIRECTORY},
    fix = "Delete the grant if it was not intended; else a narrower role at the resource group, or a PIM eligibility")
public final class PrivilegedGrantDetector implements GrantDetector {

  @Override
  public Optional<FindingDraft> inspect(GrantFacts facts) {
    RoleAssignment a = facts.assignment();
    Power power = RoleEvaluation.power(a.roleDefinitionGuid(), facts.definition());
    boolean external = isExternal(facts.principal(), a.principalType());
    Scope scope = a.scope();
    Optional<Severity> judged = severity(power, scope, external);
    if (judged.isEmpty()) {
      return Optional.empty();
    }
    Severity severity = judged.get();
    String who = facts.principalName().isBlank() ? a.principalId().value() : facts.principalName();
    String where = describe(scope);
    String title =
        facts.roleName() + " granted to " + (external ? "external " : "") + a.principalType() + " " + who
            + " at " + where;
    StringBuilder detail = new StringBuilder();
    detail.append(
        power == Power.GRANTS_ROLES
            ? facts.roleName() + " can grant any role to anyone, including itself, everywhere under " + where + "."
            : facts.roleName() + " can change or delete every resource under " + where + ".");
    if (external) {
      detail.append(" The assignee is from outside the tenant (guest or foreign principal).");
    }
    a.condition().ifPresent(c -> detail.append(" The assignment has a condition: ").append(c));
    facts.activation().ifPresent(act -> detail.append(" It is a PIM activation of eligibility ")
        .append(act.linkedEligibilityScheduleGuid().orElse("?"))
        .append(act.endDateTime().map(t -> ", until " + t).orElse(""))
        .append(": the eligibility is what is judged (PRIVILEGED_ELIGIBILITY), so this is recorded quietly."));
    String remediation =
        "# If this grant was not intended, remove it:\n"
            + AzCommand.deleteAssignment(a.id())
            + "\n# If it was, prefer a narrower role at the resource group that needs it, or a PIM-eligible"
            + " assignment.";
    FindingDraft draft =
        new FindingDraft(
            FindingKind.PRIVILEGED_GRANT,
            severity,
            a.principalId().value(),
            scope.subscriptionId().orElse(""),
            scope.value(),
            a.principalId().value(),
            a.principalType(),
            facts.principalName(),
            facts.roleName(),
            title,
            detail.toString(),
            remediation,
            facts.source(),
            facts.evidence());
    return Optional.of(facts.activation().map(act -> draft.quietly(Suppression.byPimActivation(
        "PIM activation of eligibility " + act.linkedEligibilityScheduleGuid().orElse("?")))).orElse(draft));
  }

  /**
   * What an active grant of a role this powerful at this scope is worth: empty when it is no privileged
   * grant (Contributor below a subscription, to a member of the tenant). Eligibility is judged from it.
   */
  static Optional<Severity> severity(Power power, Scope scope, boolean external) {
    if (power == Power.NONE || power == Power.WRITES_EVERYTHING && !scope.isBroad() && !external) {
      return Optional.empty();
    }
    return Optional.of(external || (power == Power.GRANTS_ROLES && scope.isBroad()) ? Severity.CRITICAL : Severity.HIGH);
  }

  /** A guest, or a principal of another tenant (a foreign group). */
  static boolean isExternal(Optional<Principal> principal, String principalType) {
    return principal.map(p -> p.isExternal()).orElse(false) || "ForeignGroup".equalsIgnoreCase(principalType);
  }

  /** A resource by its full id: the grant's reach is what the reader must judge. */
  static String describe(Scope scope) {
    return scope.level() == Scope.Level.RESOURCE ? "resource " + scope.value() : scope.describe();
  }
}
