package com.accessauditor.diagnose;

import com.accessauditor.rbac.RoleCatalogue;
import com.accessauditor.rbac.RoleEvaluation;
import com.accessauditor.detect.AzCommand;
import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.InventoryStore;
import com.accessauditor.inventory.ResourceReader;
import com.accessauditor.rbac.ActionKind;
import com.accessauditor.model.DenyAssignment;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.Scope;
import com.accessauditor.rbac.RoleEvaluation.Judgement;
import com.accessauditor.rbac.RoleEvaluation.Outcome;
import com.accessauditor.rbac.ScopeTree;
import com.accessauditor.diagnose.PrincipalResolver.Resolution;
import java.util.function.Function;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * 403 diagnosis: who the principal really is (deleted? the old identity of a recycled app?), which of its
 * and its groups' assignments apply at the scope or above, whether one grants the action (NotActions,
 * control versus data plane), whether a deny assignment or a condition is in the way, whether the grant is
 * too recent for the caller's token, and what the workspace saw. Nothing it could not read is taken as
 * "no access": that makes the verdict UNKNOWN, saying what was not read.
 */
public final class AccessDiagnosis {
  /** Role assignment changes take up to this long to reach every ARM instance. */
  static final Duration PROPAGATION = Duration.ofMinutes(10);
  /** Tokens issued before a grant keep their old rights until they expire: about an hour for people... */
  static final Duration USER_TOKEN = Duration.ofHours(1);
  /** ...and up to a day for managed identities, whose tokens the platform caches. */
  static final Duration IDENTITY_TOKEN = Duration.ofHours(24);
  static final Duration LOG_WINDOW = Duration.ofDays(7);
  /** A principal granted the same thing 500 ways needs to see a few of them, not all. */
  static final int MAX_SHOWN_PER_KIND = 5;

  private final AuthorizationReader authorization;
  private final Directory directory;
  private final PrincipalResolver resolver;
  private final RecycleEvidence recycles;
  private final EligibleRoles eligibleRoles;
  private final Optional<DenialLog> log;
  private final Clock clock;

  public AccessDiagnosis(AuthorizationReader authorization, ResourceReader resources, Directory directory,
      Optional<DenialLog> log, Clock clock) {
    this(authorization, resources, directory, log, Optional.empty(), clock);
  }

  /**
   * @param memory the auditor's inventory: which principal each app's identity had before. It outlives
   *     Graph's deleted items (purged after 30 days), so a recycle is still recognised after that.
   */
  public AccessDiagnosis(AuthorizationReader authorization, ResourceReader resources, Directory directory,
      Optional<DenialLog> log, Optional<InventoryStore> memory, Clock clock) {
    this.authorization = authorization;
    this.directory = directory;
    this.resolver = new PrincipalResolver(directory, resources);
    this.recycles = new RecycleEvidence(authorization, resources, directory, memory);
    this.eligibleRoles = new EligibleRoles(authorization);
    this.log = log;
    this.clock = clock;
  }

  /**
   * The tenant that issued the error's token, when the principal is not in the directory asked: an error
   * pasted from another tenant is common, and "deleted" would be the wrong verdict there.
   */
  private static Optional<String> issuerElsewhere(Reason gone, AccessQuestion q) {
    return gone.kind() == Reason.Kind.PRINCIPAL_DELETED ? q.error().flatMap(PastedError::tenant) : Optional.empty();
  }

  public Diagnosis diagnose(AccessQuestion q) {
    List<Reason> reasons = new ArrayList<>();
    List<String> commands = new ArrayList<>();
    Resolution who = resolver.resolve(q.principal());
    boolean incomplete = false;
    // A denied roleAssignments/write names the new assignment; what must grant it sits at its parent.
    Scope target = q.scope().withoutAuthorizationSuffix();
    ScopeTree tree = authorization.scopeTree();

    Lookup<List<RoleAssignment>> listed = authorization.roleAssignmentsFor(target);
    if (listed instanceof Lookup.Failed<List<RoleAssignment>> f) {
      reasons.add(new Reason(Reason.Kind.NOT_READ, "The role assignments at " + target.describe()
          + " could not be read (" + f.reason() + "), so nothing can be said about what grants the action."));
    }
    List<RoleAssignment> inScope = new ArrayList<>();
    List<RoleAssignment> placeUnknown = new ArrayList<>();
    for (RoleAssignment a : listed.found().orElse(List.of())) {
      switch (tree.contains(a.scope(), target)) {
        case YES -> inScope.add(a);
        case UNKNOWN -> placeUnknown.add(a);
        case NO -> { }
      }
    }
    Map<String, RoleDefinition> definitions = definitions(target);
    Function<RoleAssignment, String> roleName = a -> definition(a, definitions).map(RoleDefinition::roleName)
        .orElse(a.roleDefinitionGuid());

    if (who instanceof Resolution.Unresolved u) {
      reasons.add(0, new Reason(u.unreadable() ? Reason.Kind.NOT_READ : Reason.Kind.PRINCIPAL_UNKNOWN, u.why()));
      return new Diagnosis(q, Verdict.UNKNOWN, q.principal(), Optional.empty(), reasons, commands, 0);
    }
    if (who instanceof Resolution.Gone gone) {
      Optional<String> issuer = issuerElsewhere(gone.reason(), q);
      reasons.add(0, issuer.map(t -> new Reason(gone.reason().kind(), gone.reason().text() + " The error's token"
          + " was issued by tenant " + t + ": if that is not the tenant asked here, sign in to it and diagnose"
          + " again (under Fix).")).orElse(gone.reason()));
      // A command, printed whole unlike the reason's prose: the tenant id must survive to be pasted.
      issuer.ifPresent(t -> commands.addAll(List.of(
          "# If the error came from another tenant, sign in to it and diagnose again:", "az login --tenant " + t)));
      recycles.fromOld(gone, inScope, roleName, target).ifPresent(r -> {
        reasons.add(0, r.reason());
        commands.addAll(r.commands());
      });
      boolean knownGone = gone.reason().kind() != Reason.Kind.NOT_READ;
      reasons.sort(Comparator.comparing(Reason::kind));
      return new Diagnosis(q, knownGone ? Verdict.DENIED : Verdict.UNKNOWN, gone.id().value(),
          Optional.of(gone.id().value()), reasons, commands, 0);
    }
    Principal principal = ((Resolution.Found) who).principal();
    Set<PrincipalId> ids = new LinkedHashSet<>(List.of(principal.id()));
    Lookup<List<PrincipalId>> groups = directory.groupsOf(principal.id());
    if (groups instanceof Lookup.Failed<List<PrincipalId>> f) {
      // Only a group's grant that would allow the action can change the answer.
      List<RoleAssignment> groupGrants = inScope.stream()
          .filter(a -> "Group".equalsIgnoreCase(a.principalType()) && !a.principalId().equals(principal.id()))
          .filter(a -> mayGrant(a, definitions, q))
          .toList();
      incomplete |= !groupGrants.isEmpty();
      reasons.add(new Reason(Reason.Kind.NOT_READ, "Group memberships could not be read (" + f.reason() + "): "
          + (groupGrants.isEmpty() ? "no group holds a role that grants the action here, so they do not change"
              + " the answer." : groupGrants.size() + " group grant(s) here would allow it (" + String.join(", ",
              groupGrants.stream().limit(MAX_SHOWN_PER_KIND).map(a -> roleName.apply(a) + " to group "
                  + a.principalId()).toList()) + "); whether this principal is a member is unknown.")));
    }
    ids.addAll(groups.found().orElse(List.of()));

    List<RoleAssignment> applicable = inScope.stream().filter(a -> ids.contains(a.principalId())).toList();
    for (RoleAssignment a : placeUnknown) {
      if (ids.contains(a.principalId()) && mayGrant(a, definitions, q)) {
        incomplete = true;
        reasons.add(new Reason(Reason.Kind.NOT_READ, roleName.apply(a) + " at " + a.scope().describe() + " would"
            + " grant " + q.action() + ", but whether " + a.scope().describe() + " is above " + target.describe()
            + " is not known (" + tree.unknownBecause().orElse("the hierarchy was not read") + ")."));
      }
    }
    List<RoleAssignment> granting = new ArrayList<>();
    // Many assignments share a few roles: each role is judged once per request.
    Map<String, Judgement> judged = new HashMap<>();
    // One line per assignment up to a limit per kind of reason: 300 group grants must not bury the answer.
    Map<Reason.Kind, Integer> perKind = new EnumMap<>(Reason.Kind.class);
    for (RoleAssignment a : applicable) {
      Optional<RoleDefinition> d = definition(a, definitions);
      Optional<Judgement> j0 = d.map(def -> judged.computeIfAbsent(def.guid(),
          g -> RoleEvaluation.judge(def, q.action(), q.kind())));
      if (j0.isPresent() && j0.get().outcome() == Outcome.NOTHING) {
        continue;
      }
      String role = d.map(RoleDefinition::roleName).orElse(a.roleDefinitionGuid());
      String via = a.principalId().equals(principal.id()) ? "" : " (through group " + a.principalId() + ")";
      String at = a.scope().equals(target) ? "at " + target.describe() : "inherited from " + a.scope().describe();
      if (j0.isEmpty()) {
        incomplete = true;
        count(perKind, reasons, new Reason(Reason.Kind.NOT_READ, "The definition of role " + role + " " + at + via
            + " could not be read; whether it grants the action is unknown."));
        continue;
      }
      Judgement j = j0.get();
      Reason reason = switch (j.outcome()) {
        case GRANTS -> a.condition().isPresent()
            ? new Reason(Reason.Kind.CONDITION, role + " " + at + via + " grants it only when its"
                + " condition holds, which is evaluated per request: " + a.condition().get())
            : new Reason(Reason.Kind.GRANTED, role + " " + at + via + " grants " + q.action() + ".");
        case REMOVED -> new Reason(Reason.Kind.REMOVED_BY_NOT_ACTIONS, role + " " + at + via
            + " lists the action but takes it away again: " + (q.kind() == ActionKind.DATA ? "NotDataActions"
            : "NotActions") + " contains " + j.pattern() + ".");
        case WRONG_PLANE -> new Reason(Reason.Kind.WRONG_PLANE, wrongPlane(role, at + via, q));
        case NOTHING -> throw new IllegalStateException("skipped above");
      };
      if (j.outcome() == Outcome.GRANTS) {
        granting.add(a);
      }
      count(perKind, reasons, reason);
    }
    perKind.forEach((kind, n) -> {
      if (n > MAX_SHOWN_PER_KIND) {
        reasons.add(new Reason(kind, "... and " + (n - MAX_SHOWN_PER_KIND) + " more assignment(s) like "
            + (kind == Reason.Kind.GRANTED ? "these, that grant it." : "these.")));
      }
    });

    Lookup<List<DenyAssignment>> denies = authorization.denyAssignmentsFor(target);
    if (denies instanceof Lookup.Failed<List<DenyAssignment>> f) {
      incomplete = true;
      reasons.add(new Reason(Reason.Kind.NOT_READ, "Deny assignments could not be read (" + f.reason() + ")."));
    }
    List<DenyAssignment> denying = new ArrayList<>();
    for (DenyAssignment d : denies.found().orElse(List.of())) {
      ScopeTree.Containment refuses = RoleEvaluation.denies(d, ids, q.action(), q.kind(), target, tree);
      if (refuses == ScopeTree.Containment.YES) {
        denying.add(d);
      } else if (refuses == ScopeTree.Containment.UNKNOWN) {
        incomplete = true;
        reasons.add(new Reason(Reason.Kind.NOT_READ, "Deny assignment '" + d.name() + "' at " + d.scope().describe()
            + " would deny it, but whether it reaches " + target.describe() + " is not known."));
      }
    }
    denying.forEach(d -> reasons.add(new Reason(Reason.Kind.DENY_ASSIGNMENT, "Deny assignment '" + d.name()
        + "' at " + d.scope().describe() + " denies " + q.action() + " to " + (RoleEvaluation.deniesEveryone(d)
        ? "everyone" : "this principal") + ", whatever roles grant. Deny assignments are made by managed"
        + " applications, blueprints and deployment stacks: change it there.")));

    Optional<RecycleEvidence.Recycle> recycle = recycles.fromNew(principal, inScope, roleName);
    recycle.ifPresent(r -> {
      reasons.add(r.reason());
      commands.addAll(r.commands());
    });

    boolean unconditional = granting.stream().anyMatch(a -> a.condition().isEmpty());
    Verdict verdict;
    if (!denying.isEmpty()) {
      verdict = Verdict.DENIED;
    } else if (unconditional) {
      verdict = incomplete ? Verdict.UNKNOWN : Verdict.ALLOWED;
      recent(granting, principal).ifPresent(reasons::add);
    } else if (!granting.isEmpty() || incomplete || listed instanceof Lookup.Failed<?>) {
      verdict = Verdict.UNKNOWN;
    } else {
      verdict = Verdict.DENIED;
    }
    if (verdict == Verdict.DENIED && denying.isEmpty() && listed.found().isPresent()) {
      reasons.add(new Reason(Reason.Kind.NO_GRANT, noGrant(applicable.size(), q, target)));
      EligibleRoles.Found eligible = eligibleRoles.whyDenied(principal.id(), ids, q, target, tree, definitions);
      reasons.addAll(eligible.reasons());
      commands.addAll(eligible.commands());
      if (recycle.isEmpty() && eligible.commands().isEmpty()) {
        suggest(principal, q, target, definitions).ifPresent(commands::add);
      }
    }
    q.error().filter(e -> e.code().equals("AuthorizationFailure")).ifPresent(e -> reasons.add(new Reason(
        Reason.Kind.STORAGE_NETWORK, "AuthorizationFailure (not ...PermissionMismatch) is usually the storage"
            + " account's network rules (firewall, private endpoint) or disabled shared-key access, not a missing"
            + " role: check `az storage account show --ids " + target.topLevelResource().value()
            + " --query networkRuleSet`.")));
    logs(principal.id(), reasons);
    reasons.sort(Comparator.comparing(Reason::kind));
    return new Diagnosis(q, verdict, label(principal), Optional.of(principal.id().value()), reasons, commands,
        applicable.size());
  }

  /** Whether the assignment's role grants the action, or could: its definition was not read. */
  private boolean mayGrant(RoleAssignment a, Map<String, RoleDefinition> definitions, AccessQuestion q) {
    return definition(a, definitions).map(d -> RoleEvaluation.grants(d, q.action(), q.kind())).orElse(true);
  }

  private static void count(Map<Reason.Kind, Integer> perKind, List<Reason> reasons, Reason reason) {
    if (perKind.merge(reason.kind(), 1, Integer::sum) <= MAX_SHOWN_PER_KIND) {
      reasons.add(reason);
    }
  }

  // ---- roles

  private Map<String, RoleDefinition> definitions(Scope scope) {
    Map<String, RoleDefinition> out = new HashMap<>();
    RoleCatalogue.builtIns().forEach(d -> out.put(d.guid(), d));
    authorization.roleDefinitionsAt(scope).found().orElse(List.of()).forEach(d -> out.put(d.guid(), d));
    return out;
  }

  private Optional<RoleDefinition> definition(RoleAssignment a, Map<String, RoleDefinition> definitions) {
    RoleDefinition known = definitions.get(a.roleDefinitionGuid());
    return known != null ? Optional.of(known) : authorization.roleDefinition(a.roleDefinitionId()).found();
  }

  private static String wrongPlane(String role, String where, AccessQuestion q) {
    return q.kind() == ActionKind.DATA
        ? role + " " + where + " grants control-plane operations (Actions) only. " + q.action() + " is a data"
            + " action: the service checks it against DataActions, which this role does not have, so being "
            + role + " does not let you read or write the data itself."
        : role + " " + where + " is a data-plane role: its DataActions let you use the data itself, but "
            + q.action() + " is a control-plane (ARM) action, checked against Actions, which " + role
            + " does not grant.";
  }

  private static String noGrant(int held, AccessQuestion q, Scope target) {
    return (held == 0 ? "No role is assigned to this principal or its groups" : "None of the " + held
        + " role assignment(s) of this principal and its groups grants " + q.action())
        + " at " + target.describe() + " or any scope above it (resource group, subscription, management"
        + " group).";
  }

  /**
   * The least-privileged built-in role that grants the action, at the resource (not its children), or at
   * the parent of a role assignment whose creation was refused.
   */
  private Optional<String> suggest(Principal principal, AccessQuestion q, Scope target,
      Map<String, RoleDefinition> definitions) {
    List<RoleDefinition> roles = RoleCatalogue.granting(q.action(), q.kind(), definitions.values());
    if (roles.isEmpty()) {
      return Optional.empty();
    }
    RoleDefinition least = roles.get(0);
    return Optional.of(AzCommand.createAssignment(principal.id().value(), principal.type(), least.roleName(),
        target.topLevelResource().value()));
  }

  private Optional<Reason> recent(List<RoleAssignment> granting, Principal principal) {
    Instant now = clock.instant();
    Duration tokenLife = principal.isManagedIdentity() ? IDENTITY_TOKEN : USER_TOKEN;
    return granting.stream().filter(a -> a.condition().isEmpty()).map(a -> a.createdOn())
        .flatMap(Optional::stream).max(Comparator.naturalOrder())
        .filter(created -> created.isAfter(now.minus(tokenLife)))
        .map(created -> {
          Duration ago = Duration.between(created, now);
          return new Reason(Reason.Kind.GRANTED_RECENTLY, "The grant was made " + human(ago) + " ago. Role"
              + " changes take up to " + PROPAGATION.toMinutes() + " minutes to apply, and a token issued before"
              + " the grant keeps its old rights until it expires (" + (principal.isManagedIdentity()
              ? "managed identity tokens are cached for up to 24 hours: restart the app to get a new one"
              : "about an hour: sign in again or get a new token") + ").");
        });
  }

  private void logs(PrincipalId id, List<Reason> reasons) {
    if (log.isEmpty()) {
      return;
    }
    Lookup<List<Denial>> recent = log.get().recentDenials(id, LOG_WINDOW);
    if (recent instanceof Lookup.Failed<List<Denial>> f) {
      reasons.add(new Reason(Reason.Kind.NOT_READ, "The Log Analytics workspace could not be read (" + f.reason()
          + "); recent 403s were not looked up. The verdict above does not depend on them."));
      return;
    }
    List<Denial> denials = recent.found().orElse(List.of());
    if (denials.isEmpty()) {
      reasons.add(new Reason(Reason.Kind.RECENT_DENIALS, "No 403 for this principal in the workspace in the last "
          + LOG_WINDOW.toDays() + " days."));
      return;
    }
    StringBuilder text = new StringBuilder(denials.size() + " 403(s) for this principal in the last "
        + LOG_WINDOW.toDays() + " days; latest:");
    denials.stream().limit(5).forEach(d -> text.append("\n  ").append(d.at()).append("  ").append(d.source())
        .append("  ").append(d.status()).append("  ").append(d.operation()).append("  ").append(d.resource()));
    reasons.add(new Reason(Reason.Kind.RECENT_DENIALS, text.toString()));
  }

  private static String human(Duration d) {
    return d.toHours() >= 1 ? d.toHours() + " h " + d.toMinutesPart() + " min" : d.toMinutes() + " min";
  }

  private static String label(Principal p) {
    String kind = p.isManagedIdentity() ? "managed identity" : p.type();
    return (p.displayName().isBlank() ? "" : p.displayName() + " ") + "(" + kind + " " + p.id() + ")";
  }
}
