package com.accessauditor.detect;

import com.accessauditor.rbac.RoleEvaluation;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Fingerprint;
import com.accessauditor.findings.Severity;
import com.accessauditor.inventory.KnownRole;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * CUSTOM_ROLE_CHANGED: a custom role's permissions differ from what the last sweep saw. Every existing
 * assignment of the role changes with it, silently. One finding per distinct change; it is a notice and
 * stays open until someone reviews it.
 */
// Custom roles belong to the tenant, not to one subscription.
@DetectorInfo(
    kinds = FindingKind.CUSTOM_ROLE_CHANGED,
    severity = Severity.CRITICAL,
    needs = {Facet.ROLE_DEFINITIONS},
    reach = Reach.TENANT,
    resolvesWhenGone = false,
    fix = "Review the change; restore the previous permissions (the finding names what was added) or accept it, then dismiss")
public final class CustomRoleChangedDetector implements SweepDetector {

  @Override
  public List<FindingDraft> inspect(SweepFacts facts) {
    List<FindingDraft> out = new ArrayList<>();
    for (RoleDefinition now : facts.definitions().values()) {
      KnownRole before = facts.known().customRoles().get(now.guid());
      if (!now.isCustom() || before == null) {
        continue;
      }
      Set<String> was = permissions(before.definition());
      Set<String> is = permissions(now);
      if (was.equals(is)) {
        continue;
      }
      Set<String> added = new TreeSet<>(is);
      added.removeAll(was);
      Set<String> removed = new TreeSet<>(was);
      removed.removeAll(is);
      boolean escalates = (RoleEvaluation.grantsControl(now, RoleEvaluation.GRANT_ROLES_ACTION)
          && !RoleEvaluation.grantsControl(before.definition(), RoleEvaluation.GRANT_ROLES_ACTION))
          || (RoleEvaluation.grantsControl(now, RoleEvaluation.ANY_WRITE_ACTION)
          && !RoleEvaluation.grantsControl(before.definition(), RoleEvaluation.ANY_WRITE_ACTION));
      String scope = now.assignableScopes().isEmpty() ? "/" : now.assignableScopes().get(0);
      out.add(new FindingDraft(FindingKind.CUSTOM_ROLE_CHANGED, escalates ? Severity.HIGH : Severity.MEDIUM,
          now.guid() + "@" + Fingerprint.hash(String.join("\n", is)), Scope.parse(scope).subscriptionId().orElse(""),
          scope, "", "", "", now.roleName(),
          "Custom role " + now.roleName() + " changed" + (escalates ? " and now grants more control" : "") + " ("
              + added.size() + " added, " + removed.size() + " removed)",
          "Every assignment of " + now.roleName() + " changed with it. Added: " + (added.isEmpty() ? "none" : added)
              + ". Removed: " + (removed.isEmpty() ? "none" : removed) + ". Last seen unchanged at " + before.asOf()
              + ".",
          "# Review the role; to see its assignments:\naz role assignment list --all --role "
              + AzCommand.quote(now.guid()) + "\n# To revert, update it with the previous permissions:\n"
              + "az role definition update --role-definition <file with the removed/added permissions reverted>",
          FindingDraft.Source.SWEEP, Optional.empty()));
    }
    return out;
  }

  private static Set<String> permissions(RoleDefinition d) {
    Set<String> out = new TreeSet<>();
    for (RoleDefinition.Permission p : d.permissions()) {
      p.actions().forEach(a -> out.add("action " + a.toLowerCase(Locale.ROOT)));
      p.notActions().forEach(a -> out.add("notAction " + a.toLowerCase(Locale.ROOT)));
      p.dataActions().forEach(a -> out.add("dataAction " + a.toLowerCase(Locale.ROOT)));
      p.notDataActions().forEach(a -> out.add("notDataAction " + a.toLowerCase(Locale.ROOT)));
    }
    d.assignableScopes().forEach(s -> out.add("assignableScope " + s.toLowerCase(Locale.ROOT)));
    return out;
  }
}
