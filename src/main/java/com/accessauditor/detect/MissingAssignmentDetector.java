package com.accessauditor.detect;

import com.accessauditor.baseline.Baseline;
import com.accessauditor.baseline.DeclaredGrant;
import com.accessauditor.baseline.PrincipalRef;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * MISSING_ASSIGNMENT: a grant the baseline declares does not exist. Principals named by their owner's
 * resource id resolve to the identity the resource has today, so a recycled app identity shows up here as
 * "declared grant missing" with the command that restores it.
 */
// A declared grant's principal may be an app in another subscription.
@DetectorInfo(
    kinds = FindingKind.MISSING_ASSIGNMENT,
    severity = Severity.HIGH,
    needs = {Facet.BASELINE, Facet.ROLE_ASSIGNMENTS, Facet.ROLE_DEFINITIONS, Facet.SITES, Facet.USER_ASSIGNED_IDENTITIES, Facet.DIRECTORY},
    reach = Reach.TENANT,
    fix = "Create the declared assignment (az role assignment create), or the declared eligibility (PIM AdminAssign)")
public final class MissingAssignmentDetector implements SweepDetector {

  @Override
  public List<FindingDraft> inspect(SweepFacts facts) {
    if (facts.baseline().isEmpty()) {
      return List.of();
    }
    Baseline baseline = facts.baseline().get();
    BaselineTerms terms = new BaselineTerms(facts);
    List<FindingDraft> out = new ArrayList<>();
    Map<PrincipalId, List<RoleAssignment>> byPrincipal = facts.assignmentsByPrincipal();
    Map<Scope, String> recycled = RecycledIdentityDetector.rootsByApp(facts);
    for (DeclaredGrant grant : baseline.grants()) {
      if (!inSweep(grant, facts)) {
        continue;
      }
      Set<PrincipalId> principals = terms.principals(grant.principal());
      Optional<String> role = terms.roleGuid(grant.role());
      if (grant.eligible() && !pimRead(grant, facts)) {
        continue; // whether the eligibility exists is not known
      }
      boolean present = grant.eligible()
          ? facts.pim().eligibilities().stream().anyMatch(e -> terms.matches(grant, e, principals, role))
          : held(principals, byPrincipal).filter(a -> facts.pim().activationOf(a).isEmpty())
              .anyMatch(a -> terms.matches(grant, a, principals, role));
      if (!present) {
        FindingDraft missing = draft(grant, principals, role, facts, byPrincipal);
        // Missing because the app's identity was recreated: told with the recycle, which re-grants it.
        out.add(grant.principal() instanceof PrincipalRef.OwnerResource r && recycled.containsKey(r.resourceId())
            ? missing.causedBy(recycled.get(r.resourceId())) : missing);
      }
    }
    return out;
  }

  /** A declared eligibility is missing only where PIM was read: its subscription, or everywhere for a pattern. */
  private static boolean pimRead(DeclaredGrant grant, SweepFacts facts) {
    Optional<String> sub = grant.scope().exact().flatMap(Scope::subscriptionId);
    return sub.map(s -> facts.covered(Facet.PIM, s))
        .orElseGet(() -> facts.gaps().getOrDefault(Facet.PIM, Set.of()).isEmpty());
  }

  /** A declared eligibility's finding: resolved only where PIM was read. */
  @Override
  public Set<Facet> needsToResolve(Finding f) {
    return EligibleRole.needsToResolve(f, needs());
  }

  /** Only grants whose scope lies in a swept subscription can be judged. */
  private static boolean inSweep(DeclaredGrant grant, SweepFacts facts) {
    return grant.scope().exact()
        .map(s -> facts.scopes().stream().anyMatch(swept -> swept.contains(s) || s.contains(swept)))
        .orElse(true);
  }

  private static FindingDraft draft(DeclaredGrant grant, Set<PrincipalId> principals, Optional<String> role,
      SweepFacts facts, Map<PrincipalId, List<RoleAssignment>> byPrincipal) {
    boolean appIdentity = grant.principal() instanceof PrincipalRef.OwnerResource;
    String who = grant.principal().display();
    StringBuilder detail = new StringBuilder("The baseline (" + grant.entry() + ") declares " + grant.role()
        + (grant.eligible() ? " eligible through PIM" : "") + " for " + who + " at " + grant.scope().text()
        + (grant.eligible() ? ", and no such eligibility exists." : ", and no such assignment exists."));
    StringBuilder remediation = new StringBuilder();
    if (role.isEmpty()) {
      detail.append(" No role named '").append(grant.role()).append("' is defined here: fix the baseline.");
    }
    if (principals.isEmpty()) {
      if (grant.principal() instanceof PrincipalRef.OwnerResource r) {
        detail.append(" ").append(r.resourceId().value())
            .append(" has no managed identity (or does not exist), so the grant cannot be given.");
      } else if (grant.principal() instanceof PrincipalRef.DisplayName n) {
        detail.append(" No principal named ").append(who).append(" holds any role in the swept scopes;")
            .append(" find its object id with: az ad sp list --display-name ").append(AzCommand.quote(n.name()))
            .append(" (or az ad group list / az ad user list).");
      }
    }
    previousHolder(grant, facts, byPrincipal).ifPresent(old -> detail.append(" The identity's previous principal ")
        .append(old.principalId()).append(" still holds it: the identity was recreated (see RECYCLED_IDENTITY)."));
    Optional<Scope> scope = grant.scope().exact();
    if (principals.size() == 1 && role.isPresent()) {
      PrincipalId p = principals.iterator().next();
      String type = appIdentity ? "ServicePrincipal" : principalType(p, facts);
      String at = scope.map(Scope::value).orElse("<one scope matching " + grant.scope().text() + ">");
      String command = grant.eligible()
          ? AzCommand.makeEligible(p.value(), scope.map(s -> s.subscriptionId().map(id -> "/subscriptions/" + id)
              .orElse(s.level() == Scope.Level.ROOT ? "" : s.value())).orElse("")
              + "/providers/Microsoft.Authorization/roleDefinitions/" + role.get(), at)
          : AzCommand.createAssignment(p.value(), type, role.get(), at);
      remediation.append(scope.isPresent() ? "" : "# The baseline gives a pattern; choose the scope:\n")
          .append(command);
    } else {
      remediation.append("# Resolve the principal first (see detail), then:\n")
          .append("az role assignment create --assignee-object-id <object id> --role ")
          .append(AzCommand.quote(role.orElse(grant.role()))).append(" --scope ")
          .append(AzCommand.quote(grant.scope().text()));
    }
    String scopeText = grant.scope().text();
    String subscription = scope.flatMap(Scope::subscriptionId).orElse(
        facts.scopes().stream().map(Scope::subscriptionId).flatMap(Optional::stream).findFirst().orElse(""));
    return new FindingDraft(FindingKind.MISSING_ASSIGNMENT, appIdentity ? Severity.HIGH : Severity.MEDIUM,
        grant.principal().display(), subscription, scopeText,
        principals.size() == 1 ? principals.iterator().next().value() : "",
        appIdentity ? "ServicePrincipal" : "", who,
        grant.eligible() ? EligibleRole.name(grant.role()) : grant.role(),
        "Declared " + grant.role() + (grant.eligible() ? " eligibility" : "") + " for " + shortName(grant.principal()) + " is missing at "
            + scope.filter(x -> x.level() != Scope.Level.ROOT).map(Scope::describe).orElse(scopeText),
        detail.toString(), remediation.toString(), FindingDraft.Source.SWEEP, Optional.empty());
  }

  private static Optional<RoleAssignment> previousHolder(DeclaredGrant grant, SweepFacts facts,
      Map<PrincipalId, List<RoleAssignment>> byPrincipal) {
    if (!(grant.principal() instanceof PrincipalRef.OwnerResource r)) {
      return Optional.empty();
    }
    Set<PrincipalId> previous = facts.principalsEverOf(r.resourceId());
    BaselineTerms terms = new BaselineTerms(facts);
    Optional<String> role = terms.roleGuid(grant.role());
    return held(previous, byPrincipal).filter(a -> terms.matches(grant, a, previous, role))
        .min(java.util.Comparator.comparing(RoleAssignment::id));
  }

  private static java.util.stream.Stream<RoleAssignment> held(Set<PrincipalId> principals,
      Map<PrincipalId, List<RoleAssignment>> byPrincipal) {
    return principals.stream().flatMap(p -> byPrincipal.getOrDefault(p, List.of()).stream());
  }

  private static String principalType(PrincipalId id, SweepFacts facts) {
    return facts.principal(id).found().map(Principal::type).orElse("Unknown");
  }

  private static String shortName(PrincipalRef ref) {
    return ref instanceof PrincipalRef.OwnerResource r ? "the identity of " + r.resourceId().name() : ref.display();
  }
}
