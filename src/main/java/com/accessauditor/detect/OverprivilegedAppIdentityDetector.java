package com.accessauditor.detect;

import com.accessauditor.rbac.RoleEvaluation;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.SiteIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OVERPRIVILEGED_APP_IDENTITY: an app's managed identity (system-assigned, or a user-assigned identity
 * attached to it) holds Owner, Contributor, User Access Administrator or Role Based Access Control
 * Administrator. Application code needs data-plane roles on its own resources; a broad control-plane role
 * turns any code-execution bug in the app into control of the scope.
 */
// An app in one subscription may hold its broad role in another.
@DetectorInfo(
    kinds = FindingKind.OVERPRIVILEGED_APP_IDENTITY,
    severity = Severity.HIGH,
    needs = {Facet.ROLE_ASSIGNMENTS, Facet.ROLE_DEFINITIONS, Facet.SITES},
    reach = Reach.TENANT,
    fix = "Replace the broad role with the data roles the app needs, at the resource it uses")
public final class OverprivilegedAppIdentityDetector implements SweepDetector {

  @Override
  public List<FindingDraft> inspect(SweepFacts facts) {
    List<FindingDraft> out = new ArrayList<>();
    for (RoleAssignment a : facts.assignments()) {
      if (!RoleEvaluation.isPrivileged(a.roleDefinitionGuid(), facts.definition(a))) {
        continue;
      }
      List<SiteIdentity> apps = facts.sitesUsing(a.principalId());
      if (apps.isEmpty()) {
        continue;
      }
      String role = facts.roleName(a);
      String names = String.join(", ", apps.stream().map(s -> s.siteId().name()).toList());
      String how = apps.get(0).systemAssignedPrincipalId().map(a.principalId()::equals).orElse(false)
          ? "system-assigned identity" : "user-assigned identity";
      out.add(new FindingDraft(FindingKind.OVERPRIVILEGED_APP_IDENTITY,
          a.scope().isBroad() ? Severity.HIGH : Severity.MEDIUM, a.principalId().value(),
          a.scope().subscriptionId().orElse(""), a.scope().value(), a.principalId().value(), "ServicePrincipal",
          names, role,
          "App identity of " + names + " holds " + role + " at " + a.scope().describe(),
          "The " + how + " " + a.principalId() + " used by " + names + " holds " + role + " at " + a.scope()
              + ". Anyone who can run code in the app (a vulnerable dependency, a leaked deployment credential)"
              + " gets that control. Application identities need data-plane roles on their own resources.",
          "# Grant the data roles the app needs, scoped to its own resources, e.g.:\n"
              + AzCommand.createAssignment(a.principalId().value(), "ServicePrincipal",
                  "Storage Blob Data Contributor", "<the app's storage account id>")
              + "\n# then remove the broad role:\n" + AzCommand.deleteAssignment(a.id()),
          FindingDraft.Source.SWEEP, Optional.empty()));
    }
    return out;
  }
}
