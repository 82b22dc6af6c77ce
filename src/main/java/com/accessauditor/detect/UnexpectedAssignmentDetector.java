package com.accessauditor.detect;

import com.accessauditor.rbac.RoleEvaluation;
import com.accessauditor.baseline.Baseline;
import com.accessauditor.baseline.DeclaredGrant;
import com.accessauditor.baseline.PrincipalRef;
import com.accessauditor.baseline.ScopePattern;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * UNEXPECTED_ASSIGNMENT: an assignment in a governed scope that the baseline neither declares nor
 * tolerates. Assignments of deleted principals are left to the orphan rule; where the directory could not
 * be asked and the baseline names principals by display name, nothing is judged (it could be declared).
 */
// Each assignment is judged alone, but what is declared, and whose identity an app uses, reaches across
// subscriptions.
@DetectorInfo(
    kinds = FindingKind.UNEXPECTED_ASSIGNMENT,
    severity = Severity.HIGH,
    needs = {Facet.BASELINE, Facet.ROLE_ASSIGNMENTS, Facet.ROLE_DEFINITIONS, Facet.SITES, Facet.USER_ASSIGNED_IDENTITIES, Facet.DIRECTORY},
    reach = Reach.ASSIGNMENT,
    fix = "Delete the assignment, or declare it in the baseline")
public final class UnexpectedAssignmentDetector implements SweepDetector {

  @Override
  public List<FindingDraft> inspect(SweepFacts facts) {
    if (facts.baseline().isEmpty()) {
      return List.of();
    }
    Baseline baseline = facts.baseline().get();
    BaselineTerms terms = new BaselineTerms(facts);
    boolean namesUsed = baseline.grants().stream().anyMatch(g -> g.principal() instanceof PrincipalRef.DisplayName);
    // Indexed by principal: each assignment is held only against the grants declared for its principal,
    // so 100k assignments against 10k rules is 100k look-ups, not a billion comparisons.
    Map<PrincipalId, List<Resolved>> declaredFor = new HashMap<>();
    for (DeclaredGrant g : baseline.grants()) {
      Resolved r = new Resolved(g, terms.principals(g.principal()), terms.roleGuid(g.role()));
      r.principals().forEach(p -> declaredFor.computeIfAbsent(p, k -> new ArrayList<>()).add(r));
    }
    List<Predicate<RoleAssignment>> tolerated = baseline.tolerated().stream().map(terms::tolerance).toList();
    List<FindingDraft> out = new ArrayList<>();
    for (RoleAssignment a : facts.assignments()) {
      if (!governed(a, baseline, facts)) {
        continue;
      }
      Lookup<Principal> who = facts.principal(a.principalId());
      if (who instanceof Lookup.NotFound<Principal> || (who instanceof Lookup.Failed<Principal> && namesUsed)) {
        continue;
      }
      if (facts.pim().activationOf(a).isPresent()) {
        continue; // a PIM activation: the eligibility is what is judged
      }
      // Declared eligible is not declared standing: an active grant of it is access held outside PIM.
      boolean declared = declaredFor.getOrDefault(a.principalId(), List.of()).stream()
          .filter(r -> !r.grant().eligible())
          .anyMatch(r -> terms.matches(r.grant(), a, r.principals(), r.role()));
      if (declared || tolerated.stream().anyMatch(t -> t.test(a))) {
        continue;
      }
      out.add(draft(a, who.found(), facts));
    }
    return out;
  }

  private record Resolved(DeclaredGrant grant, Set<PrincipalId> principals, Optional<String> role) {}

  private static boolean governed(RoleAssignment a, Baseline baseline, SweepFacts facts) {
    if (baseline.governs().isEmpty()) {
      return facts.scopes().stream().anyMatch(s -> s.contains(a.scope()));
    }
    return baseline.governs().stream().anyMatch((ScopePattern g) -> g.covers(a.scope()));
  }

  private static FindingDraft draft(RoleAssignment a, Optional<Principal> principal, SweepFacts facts) {
    String role = facts.roleName(a);
    boolean privileged = RoleEvaluation.isPrivileged(a.roleDefinitionGuid(), facts.definition(a));
    String name = principal.map(Principal::label).orElse(a.principalId().value());
    String created = a.createdOn().map(t -> " It was created " + t + a.createdBy().map(b -> " by " + b).orElse("")
        + ".").orElse("");
    return new FindingDraft(FindingKind.UNEXPECTED_ASSIGNMENT, privileged ? Severity.HIGH : Severity.MEDIUM,
        a.principalId().value(), a.scope().subscriptionId().orElse(""), a.scope().value(), a.principalId().value(),
        a.principalType(), principal.map(Principal::label).orElse(""), role,
        role + " for " + a.principalType() + " " + name + " at " + a.scope().describe()
            + " is not in the baseline",
        "The baseline neither declares nor tolerates " + role + " for " + name + " at " + a.scope() + "." + created,
        "# If it is not wanted, remove it:\n" + AzCommand.deleteAssignment(a.id())
            + "\n# If it is, declare it in the baseline (assignments: principal/role/scope).",
        FindingDraft.Source.SWEEP, Optional.empty());
  }
}
