package com.accessauditor.detect;

import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.RoleAssignment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * ROLE_ASSIGNMENT_QUOTA: a subscription holds more than 80% of its 4,000 role assignments. At the limit
 * every new grant fails (RoleAssignmentLimitExceeded), deployments included.
 */
// The quota is per subscription.
@DetectorInfo(
    kinds = FindingKind.ROLE_ASSIGNMENT_QUOTA,
    severity = Severity.HIGH,
    needs = {Facet.ROLE_ASSIGNMENTS},
    fix = "Delete orphaned and duplicate assignments, or grant groups instead of principals one by one")
public final class RoleAssignmentQuotaDetector implements SweepDetector {
  static final int LIMIT = 4000;
  static final int WARN_AT = LIMIT * 80 / 100;
  static final int HIGH_AT = LIMIT * 95 / 100;

  @Override
  public List<FindingDraft> inspect(SweepFacts facts) {
    Map<String, int[]> counts = new TreeMap<>();
    for (RoleAssignment a : facts.assignments()) {
      if (a.scope().subscriptionId().isEmpty()) {
        continue;
      }
      int[] c = counts.computeIfAbsent(a.scope().subscriptionId().get(), k -> new int[2]);
      c[0]++;
      if (facts.principal(a.principalId()) instanceof Lookup.NotFound<Principal>) {
        c[1]++;
      }
    }
    List<FindingDraft> out = new ArrayList<>();
    counts.forEach((subscription, c) -> {
      int used = c[0];
      if (used < WARN_AT) {
        return;
      }
      String scope = "/subscriptions/" + subscription;
      int percent = used * 100 / LIMIT;
      out.add(new FindingDraft(FindingKind.ROLE_ASSIGNMENT_QUOTA, used >= HIGH_AT ? Severity.HIGH : Severity.MEDIUM,
          subscription, subscription, scope, "", "", "", "",
          "Subscription " + subscription + " uses " + used + " of " + LIMIT + " role assignments (" + percent + "%)",
          "At " + LIMIT + " every new role assignment fails with RoleAssignmentLimitExceeded, deployments included. "
              + c[1] + " of them belong to deleted principals and can be removed now.",
          "# Remove orphaned assignments (principalName is empty for deleted principals):\n"
              + "az role assignment list --all --subscription " + subscription
              + " --query \"[?principalName==''].id\" -o tsv\n"
              + "# Then replace per-user grants with group assignments.",
          FindingDraft.Source.SWEEP, Optional.empty()));
    });
    return out;
  }
}
