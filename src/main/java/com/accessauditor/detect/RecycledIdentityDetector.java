package com.accessauditor.detect;

import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.model.RoleAssignment;
import java.util.Optional;

/**
 * RECYCLED_IDENTITY: an app's system-assigned identity was recreated (identity turned off and on, app
 * deleted and redeployed). Its old role assignments now point at a deleted principal ("Identity not
 * found"), the new principal has none of them, and the app gets 403 Forbidden.
 *
 * <p>Fix: re-grant exactly the old grants to the new principal, then delete the orphaned ones. The finding
 * lists both as az commands.
 */
public final class RecycledIdentityDetector {

  public FindingKind kind() {
    return FindingKind.RECYCLED_IDENTITY;
  }

  public Optional<FindingDraft> inspect(IdentityRecycle recycle) {
    if (recycle.previousPrincipal().equals(recycle.currentPrincipal())) {
      return Optional.empty();
    }
    String app = recycle.resourceId().name();
    StringBuilder regrant = new StringBuilder();
    StringBuilder cleanup = new StringBuilder();
    StringBuilder grants = new StringBuilder();
    for (KnownAssignment known : recycle.oldGrants()) {
      if (known.grant().isEmpty()) {
        continue;
      }
      RoleAssignment a = known.grant().get();
      grants.append("\n- ").append(known.roleName()).append(" at ").append(a.scope().value());
      regrant
          .append(
              AzCommand.createAssignment(
                  recycle.currentPrincipal().value(), "ServicePrincipal", a.roleDefinitionGuid(), a.scope().value()))
          .append('\n');
      cleanup.append(AzCommand.deleteAssignment(a.id())).append('\n');
    }
    int count = recycle.oldGrants().size();
    String detail =
        "The system-assigned identity of " + recycle.resourceId().value() + " changed from principal "
            + recycle.previousPrincipal().value() + " to " + recycle.currentPrincipal().value() + ". "
            + (count == 0
                ? "No role assignments of the previous principal are known to the inventory; the sweep checks ARM."
                : "The previous principal still holds " + count + " role assignment(s) the app no longer uses, and"
                    + " the new principal has none of them, so the app's calls fail with 403:" + grants);
    String remediation =
        count == 0
            ? "# Compare the app's needs with: az role assignment list --all --assignee "
                + recycle.previousPrincipal().value()
            : "# Re-grant the previous identity's roles to the new one:\n" + regrant
                + "# Then remove the orphaned assignments:\n" + cleanup.toString().stripTrailing();
    return Optional.of(
        new FindingDraft(
            FindingKind.RECYCLED_IDENTITY,
            Severity.HIGH,
            recycle.resourceId().value(),
            recycle.resourceId().subscriptionId().orElse(""),
            recycle.resourceId().value(),
            recycle.currentPrincipal().value(),
            "ServicePrincipal",
            app,
            "",
            "Identity of " + app + " was recreated: " + count + " grant(s) left behind on the old principal",
            detail,
            remediation,
            recycle.source(),
            recycle.evidence()));
  }
}
