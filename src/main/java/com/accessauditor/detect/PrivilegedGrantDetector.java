package com.accessauditor.detect;

import com.accessauditor.rbac.RoleEvaluation;
import com.accessauditor.rbac.RoleEvaluation.Power;
import com.accessauditor.rbac.BuiltInRoles;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.Scope;
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
public final class PrivilegedGrantDetector implements GrantDetector {
  @Override
  public FindingKind kind() {
    return FindingKind.PRIVILEGED_GRANT;
  }

  @Override
  public Optional<FindingDraft> inspect(GrantFacts facts) {
    RoleAssignment a = facts.assignment();
    Power power = RoleEvaluation.power(a.roleDefinitionGuid(), facts.definition());
    if (power == Power.NONE) {
      return Optional.empty();
    }
    boolean external =
        facts.principal().map(p -> p.isExternal()).orElse(false)
            || "ForeignGroup".equalsIgnoreCase(a.principalType());
    Scope scope = a.scope();
    if (power == Power.WRITES_EVERYTHING && !scope.isBroad() && !external) {
      return Optional.empty();
    }
    Severity severity =
        external || (power == Power.GRANTS_ROLES && scope.isBroad()) ? Severity.CRITICAL : Severity.HIGH;
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
    String remediation =
        "# If this grant was not intended, remove it:\n"
            + AzCommand.deleteAssignment(a.id())
            + "\n# If it was, prefer a narrower role at the resource group that needs it, or a PIM-eligible"
            + " assignment.";
    return Optional.of(
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
            facts.evidence()));
  }

  /** A resource by its full id: the grant's reach is what the reader must judge. */
  private static String describe(Scope scope) {
    return scope.level() == Scope.Level.RESOURCE ? "resource " + scope.value() : scope.describe();
  }
}
