package com.accessauditor.diagnose;

import com.accessauditor.detect.AzCommand;
import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.RoleEligibility;
import com.accessauditor.model.Scope;
import com.accessauditor.rbac.RoleEvaluation;
import com.accessauditor.rbac.ScopeTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * For a principal no active role lets through: the PIM eligibilities that would, once activated. They do
 * not change the verdict (an eligibility grants nothing until it is activated), they are the fix.
 */
final class EligibleRoles {
  /** Where people activate Azure roles in the portal (PIM, "My roles", Azure resources). */
  static final String PORTAL = "https://portal.azure.com/#view/Microsoft_Azure_PIMCommon/ActivationMenuBlade/~/azurerbac";

  private final AuthorizationReader authorization;

  EligibleRoles(AuthorizationReader authorization) {
    this.authorization = authorization;
  }

  record Found(List<Reason> reasons, List<String> commands) {}

  /**
   * @param ids the principal and the groups it is in
   * @param self the principal itself, who activates
   */
  Found whyDenied(PrincipalId self, Set<PrincipalId> ids, AccessQuestion q, Scope target, ScopeTree tree,
      Map<String, RoleDefinition> definitions) {
    Lookup<List<RoleEligibility>> read = authorization.roleEligibilitiesFor(target);
    if (read instanceof Lookup.Failed<List<RoleEligibility>> f) {
      return AuthorizationReader.pimUnavailable(f.reason()).isPresent() ? new Found(List.of(), List.of())
          : new Found(List.of(new Reason(Reason.Kind.NOT_READ, "PIM eligibilities could not be read (" + f.reason()
              + "): whether an eligible role would allow it once activated is unknown.")), List.of());
    }
    List<Reason> reasons = new ArrayList<>();
    List<String> commands = new ArrayList<>();
    for (RoleEligibility e : read.found().orElse(List.of())) {
      Optional<RoleDefinition> role = Optional.ofNullable(definitions.get(e.roleDefinitionGuid()));
      if (!ids.contains(e.principalId()) || tree.contains(e.scope(), target) != ScopeTree.Containment.YES
          || role.map(d -> !RoleEvaluation.grants(d, q.action(), q.kind())).orElse(true)) {
        continue;
      }
      String name = role.get().roleName();
      String via = e.principalId().equals(self) ? "" : " through group " + e.principalId();
      String at = e.scope().equals(target) ? "at " + target.describe() : "at " + e.scope().describe()
          + " (inherited here)";
      reasons.add(new Reason(Reason.Kind.ELIGIBLE_THROUGH_PIM, "Eligible through PIM for " + name + " " + at + via
          + ", which grants " + q.action() + ", but not activated: an eligibility grants nothing until it is."
          + " Activate it (az rest below, or the portal: " + PORTAL + "), then get a new token."));
      if (commands.isEmpty()) {
        commands.add(activate(self, e));
      }
    }
    return new Found(reasons, commands);
  }

  /**
   * PIM's self-activation request for the eligibility, for an hour (the role's PIM settings set the maximum).
   * A diagnosis is answered once, so the request is named by a new GUID each time.
   */
  static String activate(PrincipalId self, RoleEligibility e) {
    String body = "{\"properties\":{\"principalId\":\"" + self.value() + "\",\"roleDefinitionId\":\""
        + e.roleDefinitionId() + "\",\"requestType\":\"SelfActivate\",\"linkedRoleEligibilityScheduleId\":\""
        + e.scope().value() + "/providers/Microsoft.Authorization/roleEligibilitySchedules/" + e.scheduleGuid()
        + "\",\"justification\":\"<why you need it>\",\"scheduleInfo\":{\"expiration\":{\"type\":\"AfterDuration\","
        + "\"duration\":\"PT1H\"}}}}";
    return "az rest --method put --url " + AzCommand.quote("https://management.azure.com" + e.scope().value()
        + "/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/" + java.util.UUID.randomUUID()
        + "?api-version=2020-10-01")
        + " --body " + AzCommand.quote(body);
  }
}
