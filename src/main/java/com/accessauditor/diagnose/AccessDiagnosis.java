package com.accessauditor.diagnose;

import com.accessauditor.detect.AzCommand;
import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.InventoryStore;
import com.accessauditor.inventory.KnownIdentity;
import com.accessauditor.inventory.ResourceReader;
import com.accessauditor.model.ActionKind;
import com.accessauditor.model.ActionPattern;
import com.accessauditor.model.DenyAssignment;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
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
  private static final String EVERYONE = "00000000-0000-0000-0000-000000000000";

  private final AuthorizationReader authorization;
  private final ResourceReader resources;
  private final Optional<InventoryStore> memory;
  private final Directory directory;
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
    this.memory = memory;
    this.authorization = authorization;
    this.resources = resources;
    this.directory = directory;
    this.log = log;
    this.clock = clock;
  }

  public Diagnosis diagnose(AccessQuestion q) {
    List<Reason> reasons = new ArrayList<>();
    List<String> commands = new ArrayList<>();
    Resolution who = resolve(q.principal());
    boolean incomplete = false;

    Lookup<List<RoleAssignment>> listed = authorization.roleAssignmentsFor(q.scope());
    if (listed instanceof Lookup.Failed<List<RoleAssignment>> f) {
      reasons.add(new Reason(Reason.Kind.NOT_READ, "The role assignments at " + q.scope().describe()
          + " could not be read (" + f.reason() + "), so nothing can be said about what grants the action."));
    }
    List<RoleAssignment> inScope = listed.found().orElse(List.of()).stream()
        .filter(a -> a.scope().contains(q.scope())).toList();
    Map<String, RoleDefinition> definitions = definitions(q.scope());

    if (who instanceof Resolution.Unresolved u) {
      reasons.add(0, new Reason(u.unreadable() ? Reason.Kind.NOT_READ : Reason.Kind.PRINCIPAL_UNKNOWN, u.why()));
      return new Diagnosis(q, Verdict.UNKNOWN, q.principal(), Optional.empty(), reasons, commands, 0);
    }
    if (who instanceof Resolution.Gone gone) {
      reasons.add(0, gone.reason());
      recycleFromOld(gone, inScope, definitions, q).ifPresent(r -> {
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
      incomplete = true;
      reasons.add(new Reason(Reason.Kind.NOT_READ, "Group memberships could not be read (" + f.reason()
          + "): access through groups was not evaluated."));
    }
    ids.addAll(groups.found().orElse(List.of()));

    List<RoleAssignment> applicable = inScope.stream().filter(a -> ids.contains(a.principalId())).toList();
    List<RoleAssignment> granting = new ArrayList<>();
    // Many assignments share a few roles: each role is judged once per request.
    Map<String, Judgement> judged = new HashMap<>();
    // One line per assignment up to a limit per kind of reason: 300 group grants must not bury the answer.
    Map<Reason.Kind, Integer> perKind = new EnumMap<>(Reason.Kind.class);
    for (RoleAssignment a : applicable) {
      Optional<RoleDefinition> d = definition(a, definitions);
      Judgement j = d.map(def -> judged.computeIfAbsent(def.guid(), g -> judge(def, q))).orElse(Judgement.UNREAD);
      if (j.outcome() == Outcome.NOTHING) {
        continue;
      }
      String role = d.map(RoleDefinition::roleName).orElse(a.roleDefinitionGuid());
      String via = a.principalId().equals(principal.id()) ? "" : " (through group " + a.principalId() + ")";
      String at = a.scope().equals(q.scope()) ? "at " + q.scope().describe() : "inherited from " + a.scope().describe();
      Reason reason = switch (j.outcome()) {
        case UNREAD -> new Reason(Reason.Kind.NOT_READ, "The definition of role " + role + " " + at + via
            + " could not be read; whether it grants the action is unknown.");
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
      incomplete |= j.outcome() == Outcome.UNREAD;
      if (j.outcome() == Outcome.GRANTS) {
        granting.add(a);
      }
      if (perKind.merge(reason.kind(), 1, Integer::sum) <= MAX_SHOWN_PER_KIND) {
        reasons.add(reason);
      }
    }
    perKind.forEach((kind, n) -> {
      if (n > MAX_SHOWN_PER_KIND) {
        reasons.add(new Reason(kind, "... and " + (n - MAX_SHOWN_PER_KIND) + " more assignment(s) like "
            + (kind == Reason.Kind.GRANTED ? "these, that grant it." : "these.")));
      }
    });

    Lookup<List<DenyAssignment>> denies = authorization.denyAssignmentsFor(q.scope());
    if (denies instanceof Lookup.Failed<List<DenyAssignment>> f) {
      incomplete = true;
      reasons.add(new Reason(Reason.Kind.NOT_READ, "Deny assignments could not be read (" + f.reason() + ")."));
    }
    List<DenyAssignment> denying = denies.found().orElse(List.of()).stream()
        .filter(d -> denies(d, ids, q)).toList();
    denying.forEach(d -> reasons.add(new Reason(Reason.Kind.DENY_ASSIGNMENT, "Deny assignment '" + d.name()
        + "' at " + d.scope().describe() + " denies " + q.action() + " to " + (d.principalIds().contains(EVERYONE)
        ? "everyone" : "this principal") + ", whatever roles grant. Deny assignments are made by managed"
        + " applications, blueprints and deployment stacks: change it there.")));

    Optional<Recycle> recycle = recycleFromNew(principal, inScope, definitions, q);
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
      reasons.add(new Reason(Reason.Kind.NO_GRANT, noGrant(applicable.size(), q)));
      if (recycle.isEmpty()) {
        suggest(principal, q, definitions).ifPresent(commands::add);
      }
    }
    q.error().filter(e -> e.code().equals("AuthorizationFailure")).ifPresent(e -> reasons.add(new Reason(
        Reason.Kind.STORAGE_NETWORK, "AuthorizationFailure (not ...PermissionMismatch) is usually the storage"
            + " account's network rules (firewall, private endpoint) or disabled shared-key access, not a missing"
            + " role: check `az storage account show --ids " + q.scope().topLevelResource().value()
            + " --query networkRuleSet`.")));
    logs(principal.id(), reasons);
    reasons.sort(Comparator.comparing(Reason::kind));
    return new Diagnosis(q, verdict, label(principal), Optional.of(principal.id().value()), reasons, commands,
        applicable.size());
  }

  enum Outcome {
    GRANTS,
    REMOVED,
    WRONG_PLANE,
    UNREAD,
    NOTHING
  }

  /** What one role does with the action asked about; {@code pattern} is the NotActions entry for REMOVED. */
  record Judgement(Outcome outcome, String pattern) {
    static final Judgement UNREAD = new Judgement(Outcome.UNREAD, "");
  }

  private static Judgement judge(RoleDefinition d, AccessQuestion q) {
    if (d.grants(q.action(), q.kind())) {
      return new Judgement(Outcome.GRANTS, "");
    }
    Optional<String> removed = d.removedBy(q.action(), q.kind());
    if (removed.isPresent()) {
      return new Judgement(Outcome.REMOVED, removed.get());
    }
    boolean wrongPlane = d.grants(q.action(), other(q.kind()))
        || q.kind() == ActionKind.CONTROL && d.hasDataActionsIn(q.action());
    return new Judgement(wrongPlane ? Outcome.WRONG_PLANE : Outcome.NOTHING, "");
  }

  // ---- who the principal is

  sealed interface Resolution {
    record Found(Principal principal) implements Resolution {}

    record Gone(PrincipalId id, Optional<Principal> softDeleted, Reason reason) implements Resolution {}

    record Unresolved(String why, boolean unreadable) implements Resolution {}
  }

  private Resolution resolve(String raw) {
    if (PrincipalId.isGuid(raw)) {
      PrincipalId id = PrincipalId.parse(raw);
      Lookup<Principal> byObjectId = directory.principal(id);
      if (byObjectId instanceof Lookup.Found<Principal> f) {
        return new Resolution.Found(f.value());
      }
      if (byObjectId instanceof Lookup.Failed<Principal> f) {
        return new Resolution.Unresolved("The directory could not be asked who " + id + " is (" + f.reason()
            + "); no conclusion is drawn about the principal.", true);
      }
      Lookup<Principal> byAppId = directory.servicePrincipalByAppId(raw);
      if (byAppId instanceof Lookup.Found<Principal> f) {
        return new Resolution.Found(f.value());
      }
      Lookup<List<Principal>> deleted = directory.deletedPrincipals();
      if (deleted instanceof Lookup.Failed<List<Principal>> f) {
        return new Resolution.Gone(id, Optional.empty(), new Reason(Reason.Kind.NOT_READ, "Principal " + id
            + " is not in the directory, and the deleted items could not be read (" + f.reason() + ")."));
      }
      Optional<Principal> soft = deleted.found().orElse(List.of()).stream().filter(p -> p.id().equals(id)).findFirst();
      return new Resolution.Gone(id, soft, soft.map(p -> new Reason(Reason.Kind.PRINCIPAL_SOFT_DELETED,
              "Principal " + id + " (" + p.label() + ") was deleted" + p.deletedDateTime().map(t -> " on " + t)
                  .orElse("") + " and is in the directory's deleted items (restorable for 30 days)."))
          .orElseGet(() -> new Reason(Reason.Kind.PRINCIPAL_DELETED, "Principal " + id + " does not exist in the"
              + " directory: it was deleted for good, or the id is not an object id or app id of this tenant.")));
    }
    if (raw.startsWith("/")) {
      return identityOfResource(Scope.parse(raw));
    }
    Lookup<List<Principal>> named = directory.principalsNamed(raw);
    if (named instanceof Lookup.Failed<List<Principal>> f) {
      return new Resolution.Unresolved("The directory could not be searched for '" + raw + "' (" + f.reason() + ").",
          true);
    }
    List<Principal> matches = named.found().orElse(List.of());
    if (matches.size() == 1) {
      return new Resolution.Found(matches.get(0));
    }
    return new Resolution.Unresolved(matches.isEmpty() ? "No user, group or service principal is named '" + raw
        + "'; give its object id." : matches.size() + " principals are named '" + raw + "' ("
        + String.join(", ", matches.stream().map(p -> p.type() + " " + p.id()).toList()) + "); give the object id.",
        false);
  }

  /** The app's (or user-assigned identity's) resource id: its current principal. */
  private Resolution identityOfResource(Scope resource) {
    Lookup<Optional<PrincipalId>> current = resource.isUserAssignedIdentity()
        ? resources.userAssignedIdentity(resource).map(u -> Optional.of(u.principalId()))
        : resources.siteIdentity(resource).map(SiteIdentity::systemAssignedPrincipalId);
    if (current instanceof Lookup.Failed<Optional<PrincipalId>> f) {
      return new Resolution.Unresolved("The identity of " + resource.describe() + " could not be read (" + f.reason()
          + ").", true);
    }
    if (current.found().flatMap(c -> c).isEmpty()) {
      return new Resolution.Unresolved(resource.describe() + " has no managed identity (or does not exist): it"
          + " cannot authenticate as itself. Turn it on: az webapp identity assign --ids " + resource.value(), false);
    }
    PrincipalId id = current.found().flatMap(c -> c).orElseThrow();
    Lookup<Principal> p = directory.principal(id);
    return p.found().<Resolution>map(Resolution.Found::new).orElseGet(() -> p instanceof Lookup.Failed<Principal> f
        ? new Resolution.Unresolved("The directory could not be asked who " + id + " is (" + f.reason() + ").", true)
        : new Resolution.Gone(id, Optional.empty(), new Reason(Reason.Kind.PRINCIPAL_DELETED, "The identity "
            + id + " that " + resource.describe() + " names does not exist in the directory.")));
  }

  // ---- recycled identities

  record Recycle(Reason reason, List<String> commands) {}

  /** The principal asked about is gone: was it a managed identity whose resource now has another one? */
  private Optional<Recycle> recycleFromOld(Resolution.Gone gone, List<RoleAssignment> inScope,
      Map<String, RoleDefinition> definitions, AccessQuestion q) {
    Optional<Principal> old = gone.softDeleted().filter(Principal::isManagedIdentity);
    Optional<Scope> resource = old.flatMap(Principal::managedIdentityResourceId).map(Scope::parse)
        .or(() -> rememberedOwnerOf(gone.id(), q));
    if (resource.isEmpty()) {
      return Optional.empty();
    }
    Optional<PrincipalId> now = currentIdentity(resource.get());
    return now.filter(n -> !n.equals(gone.id())).map(n -> recycle(resource.get(), gone.id(), n, inScope, definitions,
        q));
  }

  /** The principal is an app's identity: did the same app have another one before that still holds grants? */
  private Optional<Recycle> recycleFromNew(Principal principal, List<RoleAssignment> inScope,
      Map<String, RoleDefinition> definitions, AccessQuestion q) {
    Optional<String> resource = principal.managedIdentityResourceId();
    if (resource.isEmpty()) {
      return Optional.empty();
    }
    return directory.deletedPrincipals().found().orElse(List.of()).stream()
        .filter(d -> !d.id().equals(principal.id()))
        .filter(d -> d.managedIdentityResourceId().filter(resource.get()::equalsIgnoreCase).isPresent())
        .filter(d -> inScope.stream().anyMatch(a -> a.principalId().equals(d.id())))
        .findFirst()
        .map(Principal::id)
        .or(() -> rememberedPrevious(Scope.parse(resource.get())).filter(p -> !p.equals(principal.id()))
            .filter(p -> inScope.stream().anyMatch(a -> a.principalId().equals(p))))
        .map(old -> recycle(Scope.parse(resource.get()), old, principal.id(), inScope, definitions, q));
  }

  /** The app or identity whose previous principal this was, as the inventory remembers it. */
  private Optional<Scope> rememberedOwnerOf(PrincipalId old, AccessQuestion q) {
    return memory.flatMap(m -> q.scope().subscriptionId().flatMap(sub -> remembered(() -> m.identitiesIn(sub).stream()
        .filter(k -> k.previousPrincipalId().filter(old::equals).isPresent())
        .map(KnownIdentity::resourceId).findFirst())));
  }

  private Optional<PrincipalId> rememberedPrevious(Scope resource) {
    return memory.flatMap(m -> remembered(() -> m.identity(resource).flatMap(KnownIdentity::previousPrincipalId)));
  }

  /** The inventory is a help, never a requirement: when its table cannot be read the diagnosis goes on. */
  private static <T> Optional<T> remembered(java.util.function.Supplier<Optional<T>> read) {
    try {
      return read.get();
    } catch (StoreUnavailableException e) {
      return Optional.empty();
    }
  }

  private Optional<PrincipalId> currentIdentity(Scope resource) {
    if (resource.isUserAssignedIdentity()) {
      return resources.userAssignedIdentity(resource).found().map(u -> u.principalId());
    }
    return resources.siteIdentity(resource).found().flatMap(SiteIdentity::systemAssignedPrincipalId);
  }

  private Recycle recycle(Scope resource, PrincipalId old, PrincipalId now, List<RoleAssignment> inScope,
      Map<String, RoleDefinition> definitions, AccessQuestion q) {
    // Every grant the old identity left in the app's subscription, not only the one this request needed:
    // the next request would fail on the next one.
    List<RoleAssignment> left = resource.subscriptionId()
        .flatMap(sub -> authorization.roleAssignmentsFor(Scope.parse("/subscriptions/" + sub)).found())
        .orElse(inScope).stream().filter(a -> a.principalId().equals(old)).toList();
    List<String> commands = new ArrayList<>();
    commands.add("# Re-grant the old identity's roles to the new one:");
    for (RoleAssignment a : left) {
      commands.add(AzCommand.createAssignment(now.value(), "ServicePrincipal", a.roleDefinitionGuid(),
          a.scope().value()));
    }
    commands.add("# Then remove the grants left on the deleted identity:");
    left.forEach(a -> commands.add(AzCommand.deleteAssignment(a.id())));
    String roles = String.join(", ", left.stream().map(a -> definition(a, definitions)
        .map(RoleDefinition::roleName).orElse(a.roleDefinitionGuid()) + " at " + a.scope().describe()).toList());
    return new Recycle(new Reason(Reason.Kind.RECYCLED_IDENTITY, resource.describe() + "'s identity was recreated:"
        + " it was " + old + " and is now " + now + ". Its grants (" + (roles.isEmpty() ? "none found" : roles)
        + ") still name the old, deleted principal, so the app's requests, made as " + now
        + ", are refused. Re-grant them to " + now + "."), commands);
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

  private static ActionKind other(ActionKind kind) {
    return kind == ActionKind.DATA ? ActionKind.CONTROL : ActionKind.DATA;
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

  private static String noGrant(int held, AccessQuestion q) {
    return (held == 0 ? "No role is assigned to this principal or its groups" : "None of the " + held
        + " role assignment(s) of this principal and its groups grants " + q.action())
        + " at " + q.scope().describe() + " or any scope above it (resource group, subscription, management"
        + " group).";
  }

  /** The least-privileged built-in role that grants the action, at the resource (not its children). */
  private Optional<String> suggest(Principal principal, AccessQuestion q, Map<String, RoleDefinition> definitions) {
    List<RoleDefinition> roles = RoleCatalogue.granting(q.action(), q.kind(), definitions.values());
    if (roles.isEmpty()) {
      return Optional.empty();
    }
    RoleDefinition least = roles.get(0);
    return Optional.of("az role assignment create --assignee-object-id " + AzCommand.quote(principal.id().value())
        + " --assignee-principal-type " + principalType(principal) + " --role " + AzCommand.quote(least.roleName())
        + " --scope " + AzCommand.quote(q.scope().topLevelResource().value()));
  }

  private static String principalType(Principal p) {
    return switch (p.type().toLowerCase(java.util.Locale.ROOT)) {
      case "user" -> "User";
      case "group" -> "Group";
      default -> "ServicePrincipal";
    };
  }

  private static boolean denies(DenyAssignment d, Set<PrincipalId> ids, AccessQuestion q) {
    boolean applies = d.doNotApplyToChildScopes() ? d.scope().equals(q.scope()) : d.scope().contains(q.scope());
    boolean toUs = d.principalIds().stream().anyMatch(p -> p.equals(EVERYONE)
        || ids.stream().anyMatch(i -> i.value().equalsIgnoreCase(p)));
    boolean excluded = d.excludePrincipalIds().stream().anyMatch(p -> ids.stream()
        .anyMatch(i -> i.value().equalsIgnoreCase(p)));
    List<String> listed = q.kind() == ActionKind.DATA ? d.dataActions() : d.actions();
    List<String> spared = q.kind() == ActionKind.DATA ? d.notDataActions() : d.notActions();
    return applies && toUs && !excluded && listed.stream().anyMatch(p -> ActionPattern.matches(p, q.action()))
        && spared.stream().noneMatch(p -> ActionPattern.matches(p, q.action()));
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
