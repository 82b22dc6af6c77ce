package com.accessauditor.detect;

import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import com.accessauditor.rbac.ActingAs;
import com.accessauditor.rbac.ActionKind;
import com.accessauditor.rbac.RoleEvaluation;
import com.accessauditor.rbac.ScopeTree;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ESCALATION_PATH: principal P can act as managed identity M, and M holds a privileged role (as
 * PRIVILEGED_GRANT judges it). P can act as M when P can change what runs as M: deploy to or write the app
 * whose identity M is, or attach the user-assigned identity M to compute P can write. The finding is P's;
 * its severity is that of M's role (low when a grant on the way has a condition: possible, not certain).
 *
 * <p>A grant at a management group counts where the hierarchy places the app below it (unknown: not
 * counted). A deny assignment that refuses a lever's action to the principal (named, or everyone) at the app
 * or identity takes the path away; one made to a group the principal is in is not seen here (`who-can`,
 * which asks the directory for the principal's groups, applies it).
 *
 * <p>Fix: narrow P's role on the app, or narrow M's role.
 */
// An app in one subscription whose identity is Owner of another.
@DetectorInfo(
    kinds = FindingKind.ESCALATION_PATH,
    severity = Severity.CRITICAL,
    needs = {Facet.ROLE_ASSIGNMENTS, Facet.ROLE_DEFINITIONS, Facet.SITES, Facet.USER_ASSIGNED_IDENTITIES, Facet.DENY_ASSIGNMENTS},
    reach = Reach.TENANT,
    fix = "Narrow the role that lets the principal change the app (or attach the identity), or narrow the identity's role")
public final class EscalationPathDetector implements SweepDetector {

  /**
   * The grants a path to an app's identity may rest on: those that reach an app or a user-assigned identity
   * of the tenant. The final step keeps them from each subscription it streams.
   */
  @Override
  public boolean joins(RoleAssignment a, SweepFacts chunk) {
    return reachesAnIdentity(a.scope(), chunk) && ActingAs.isLever(a, chunk.definition(a));
  }

  /**
   * Who may attach a user-assigned identity of this subscription: their compute grants, wherever they are,
   * are the second half of a path.
   */
  @Override
  public Set<PrincipalId> joinsOn(SweepFacts subscription) {
    Set<PrincipalId> out = new java.util.HashSet<>();
    for (UserAssignedIdentity identity : subscription.identities()) {
      for (RoleAssignment a : subscription.assignments()) {
        if (a.scope().contains(identity.resourceId()) && subscription.definition(a)
            .map(d -> ActingAs.ASSIGN_ACTIONS.stream().anyMatch(x -> RoleEvaluation.grantsControl(d, x)))
            .orElse(false)) {
          out.add(a.principalId());
        }
      }
    }
    return out;
  }

  /**
   * The scopes of the tenant's apps and identities and every scope above them, for the list of apps the
   * final step read (the same list for every subscription it streams: compared by reference, built once).
   */
  private List<SiteIdentity> keysOf;
  private Set<String> keys = Set.of();

  private synchronized boolean reachesAnIdentity(Scope scope, SweepFacts chunk) {
    if (keysOf != chunk.sites()) {
      Set<String> all = new java.util.HashSet<>(List.of("/"));
      chunk.sites().forEach(s -> all.addAll(prefixes(s.siteId())));
      chunk.identities().forEach(i -> all.addAll(prefixes(i.resourceId())));
      keys = all;
      keysOf = chunk.sites();
    }
    return keys.contains(scope.value().toLowerCase(Locale.ROOT));
  }

  private static List<String> prefixes(Scope resource) {
    List<String> out = new ArrayList<>();
    String id = resource.value().toLowerCase(Locale.ROOT);
    for (int slash = id.indexOf('/', 1); slash > 0; slash = id.indexOf('/', slash + 1)) {
      out.add(id.substring(0, slash));
    }
    out.add(id);
    return out;
  }

  @Override
  public List<FindingDraft> inspect(SweepFacts facts) {
    List<FindingDraft> out = new ArrayList<>();
    paths(facts, (path, held) -> out.add(draft(path, held, facts)));
    return out;
  }

  /** The groups on a path: their members are named in the finding. */
  @Override
  public Set<PrincipalId> namesMembersOf(SweepFacts facts) {
    Set<PrincipalId> groups = new java.util.LinkedHashSet<>();
    paths(facts, (path, held) -> {
      if ("Group".equalsIgnoreCase(path.actorType())) {
        groups.add(path.actor());
      }
    });
    return groups;
  }

  private static void paths(SweepFacts facts, java.util.function.BiConsumer<ActingAs.Path, Held> each) {
    Map<PrincipalId, List<RoleAssignment>> byPrincipal = facts.assignmentsByPrincipal();
    // Only the grants at a resource's own scope or above can reach it: looked up by scope, so a sweep of N
    // assignments and M apps costs N + M look-ups, not N times M comparisons.
    Map<String, List<RoleAssignment>> byScope = new HashMap<>();
    facts.assignments().forEach(a -> byScope.computeIfAbsent(a.scope().value().toLowerCase(Locale.ROOT),
        k -> new ArrayList<>()).add(a));
    // A management group's grant reaches an app when the hierarchy says the app's subscription is below it.
    ScopeTree tree = facts.hierarchy();
    for (SiteIdentity site : facts.sites()) {
      site.systemAssignedPrincipalId().ifPresent(m -> privileged(m, byPrincipal, facts).ifPresent(power ->
          ActingAs.onApp(site.siteId(), m, reaching(site.siteId(), byScope), facts::definition, tree).stream()
              .filter(p -> !refused(p, facts, tree)).forEach(p -> each.accept(p, power))));
    }
    for (UserAssignedIdentity identity : facts.identities()) {
      privileged(identity.principalId(), byPrincipal, facts).ifPresent(power -> {
        List<RoleAssignment> candidates = new ArrayList<>(reaching(identity.resourceId(), byScope));
        // Those who may attach it bring their compute grants, wherever those are.
        candidates.stream().map(RoleAssignment::principalId).distinct().toList()
            .forEach(p -> candidates.addAll(byPrincipal.getOrDefault(p, List.of())));
        ActingAs.onUserAssigned(identity.resourceId(), identity.principalId(), candidates, facts::definition, tree)
            .stream().filter(p -> !refused(p, facts, tree)).forEach(p -> each.accept(p, power));
      });
    }
  }

  /** The grants at the resource or any scope above it (its id's prefixes), the tenant root included. */
  private static List<RoleAssignment> reaching(Scope resource, Map<String, List<RoleAssignment>> byScope) {
    List<RoleAssignment> out = new ArrayList<>(byScope.getOrDefault("/", List.of()));
    // Management groups' grants: whether each reaches the resource is the hierarchy's to say.
    byScope.forEach((scope, grants) -> {
      if (scope.startsWith("/providers/microsoft.management/managementgroups/")) {
        out.addAll(grants);
      }
    });
    prefixes(resource).forEach(p -> out.addAll(byScope.getOrDefault(p, List.of())));
    return out;
  }

  /**
   * Whether a deny assignment refuses a lever's action to the actor where it is needed: on the app or the
   * identity resource (the first lever), on the compute grant's scope (the second).
   */
  private static boolean refused(ActingAs.Path path, SweepFacts facts, ScopeTree tree) {
    Set<PrincipalId> actor = Set.of(path.actor());
    for (int i = 0; i < path.levers().size(); i++) {
      ActingAs.Lever lever = path.levers().get(i);
      Scope at = i == 0 ? path.owner() : lever.grant().scope();
      boolean denied = facts.denyAssignments().stream().anyMatch(d -> RoleEvaluation.denies(d, actor, lever.action(),
          ActionKind.CONTROL, at, tree) == ScopeTree.Containment.YES);
      if (denied) {
        return true;
      }
    }
    return false;
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
      detail.append(" The grant is to a group: every member can act as the identity. ").append(members(path, facts));
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

  /** Members shown in a finding; the rest are counted. */
  static final int MEMBERS_NAMED = 10;

  private static String members(ActingAs.Path path, SweepFacts facts) {
    Lookup<List<Principal>> read = facts.groupMembers().get(path.actor());
    if (read instanceof Lookup.Found<List<Principal>> found) {
      List<Principal> all = found.value().stream()
          .sorted(Comparator.comparing((Principal p) -> p.label().toLowerCase(Locale.ROOT))).toList();
      return all.isEmpty() ? "It has no members today." : "Its members (" + all.size() + "): " + String.join(", ",
          all.stream().limit(MEMBERS_NAMED).map(p -> p.label()).toList())
          + (all.size() > MEMBERS_NAMED ? ", and " + (all.size() - MEMBERS_NAMED) + " more" : "") + ".";
    }
    String why = read instanceof Lookup.Failed<List<Principal>> f ? " (" + f.reason() + ")" : "";
    return "Its members could not be read" + why + "; `who-can --scope " + path.owner().value()
        + " --action Microsoft.Web/sites/write` lists them.";
  }

  private static String name(PrincipalId id, SweepFacts facts) {
    return facts.principal(id).found().map(Principal::displayName).filter(n -> !n.isBlank()).orElse(id.value());
  }

  private static String type(String principalType) {
    return principalType.toLowerCase(java.util.Locale.ROOT).replace("serviceprincipal", "service principal");
  }
}
