package com.accessauditor.detect;

import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import com.accessauditor.rbac.ActingAs;
import com.accessauditor.rbac.RoleEvaluation;
import com.accessauditor.rbac.ScopeTree;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ESCALATION_PATH: principal P can act as managed identity M, and M holds a privileged role (as
 * PRIVILEGED_GRANT judges it). P can act as M when P can change what runs as M: deploy to or write the app
 * whose identity M is, or attach the user-assigned identity M to compute P can write. The finding is P's;
 * its severity is that of M's role (low when a grant on the way has a condition: possible, not certain).
 *
 * <p>Not followed here: grants made at management groups (which apps they reach needs the hierarchy;
 * `who-can --include-paths` follows them), and deny assignments (the sweep does not read them).
 *
 * <p>Fix: narrow P's role on the app, or narrow M's role.
 */
// An app in one subscription whose identity is Owner of another.
@DetectorInfo(
    kinds = FindingKind.ESCALATION_PATH,
    severity = Severity.CRITICAL,
    needs = {Facet.ROLE_ASSIGNMENTS, Facet.ROLE_DEFINITIONS, Facet.SITES, Facet.USER_ASSIGNED_IDENTITIES},
    reach = Reach.TENANT,
    fix = "Narrow the role that lets the principal change the app (or attach the identity), or narrow the identity's role")
public final class EscalationPathDetector implements SweepDetector {

  /** The grants a path may rest on: the final step keeps them from each subscription it streams. */
  @Override
  public boolean joins(RoleAssignment a, SweepFacts chunk) {
    return ActingAs.isLever(a, chunk.definition(a));
  }

  @Override
  public List<FindingDraft> inspect(SweepFacts facts) {
    Map<PrincipalId, List<RoleAssignment>> byPrincipal = facts.assignmentsByPrincipal();
    ScopeTree tree = ScopeTree.unknown("the sweep does not follow management groups' grants to apps");
    List<FindingDraft> out = new ArrayList<>();
    for (SiteIdentity site : facts.sites()) {
      site.systemAssignedPrincipalId().ifPresent(m -> privileged(m, byPrincipal, facts).ifPresent(power ->
          ActingAs.onApp(site.siteId(), m, facts.assignments(), facts::definition, tree)
              .forEach(p -> out.add(draft(p, power, facts)))));
    }
    for (UserAssignedIdentity identity : facts.identities()) {
      privileged(identity.principalId(), byPrincipal, facts).ifPresent(power ->
          ActingAs.onUserAssigned(identity.resourceId(), identity.principalId(), facts.assignments(),
              facts::definition, tree).forEach(p -> out.add(draft(p, power, facts))));
    }
    return out;
  }

  /** M's most privileged grant, with the severity PRIVILEGED_GRANT gives it. */
  private record Held(RoleAssignment grant, String role, Severity severity) {}

  private static Optional<Held> privileged(PrincipalId identity, Map<PrincipalId, List<RoleAssignment>> byPrincipal,
      SweepFacts facts) {
    return byPrincipal.getOrDefault(identity, List.of()).stream()
        .flatMap(a -> PrivilegedGrantDetector.severity(RoleEvaluation.power(a.roleDefinitionGuid(), facts.definition(a)),
            a.scope(), false).map(s -> new Held(a, facts.roleName(a), s)).stream())
        .min(Comparator.comparing(Held::severity).thenComparing(h -> h.grant().id()));
  }

  private static FindingDraft draft(ActingAs.Path path, Held held, SweepFacts facts) {
    ActingAs.Lever first = path.levers().get(0);
    String actor = name(path.actor(), facts) + " (" + type(path.actorType()) + ")";
    String identity = path.systemAssigned() ? "its identity" : "identity " + path.owner().name();
    String chain = actor + " → " + path.levers().stream().map(ActingAs.Lever::describe)
        .reduce((a, b) -> a + " + " + b).orElse("") + " → " + identity + " → " + held.role() + " on "
        + held.grant().scope().describe();
    StringBuilder detail = new StringBuilder()
        .append(actor).append(path.systemAssigned()
            ? " can change the code or settings of " + path.owner().name() + ", which runs as its system-assigned"
                + " identity " + path.identity()
            : " may attach the user-assigned identity " + path.owner().name() + " (" + path.identity()
                + ") to compute it can write, and run code as it")
        .append(", and that identity holds ").append(held.role()).append(" on ")
        .append(held.grant().scope().describe()).append(". Whoever can act as the identity holds its roles. ")
        .append("The path rests on ").append(path.levers().stream().map(l -> l.describe() + " (" + l.action() + ")")
            .reduce((a, b) -> a + " and " + b).orElse("")).append('.');
    if ("Group".equalsIgnoreCase(path.actorType())) {
      detail.append(" The grant is to a group: every member can act as the identity (`who-can --scope ")
          .append(held.grant().scope().value()).append(" --action ").append(RoleEvaluation.GRANT_ROLES_ACTION)
          .append(" --include-paths` lists them).");
    }
    if (path.possible()) {
      detail.append(" A grant on the way has a condition, evaluated per request: the path is possible, not certain.");
    }
    String remediation = "# Either narrow who can change " + path.owner().name() + " (remove or narrow the grant):\n"
        + AzCommand.deleteAssignment(first.grant().id())
        + "\n# or narrow what " + (path.systemAssigned() ? path.owner().name() + "'s identity"
            : "identity " + path.owner().name()) + " holds:\n"
        + AzCommand.deleteAssignment(held.grant().id());
    Scope at = first.grant().scope();
    return new FindingDraft(FindingKind.ESCALATION_PATH, path.possible() ? Severity.LOW : held.severity(),
        path.actor().value() + " as " + path.identity().value(), at.subscriptionId().orElse(""), at.value(),
        path.actor().value(), path.actorType(), name(path.actor(), facts).equals(path.actor().value()) ? ""
            : name(path.actor(), facts), first.roleName(), chain, detail.toString(), remediation,
        FindingDraft.Source.SWEEP, Optional.empty());
  }

  private static String name(PrincipalId id, SweepFacts facts) {
    return facts.principal(id).found().map(Principal::displayName).filter(n -> !n.isBlank()).orElse(id.value());
  }

  private static String type(String principalType) {
    return principalType.toLowerCase(java.util.Locale.ROOT).replace("serviceprincipal", "service principal");
  }
}
