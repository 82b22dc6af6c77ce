package com.accessauditor.sweep;

import com.accessauditor.baseline.Baseline;
import com.accessauditor.detect.Facet;
import com.accessauditor.detect.SweepDetector;
import com.accessauditor.detect.SweepFacts;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.FindingLedger;
import com.accessauditor.findings.FindingStatus;
import com.accessauditor.findings.FindingStore;
import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.InventoryStore;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.inventory.KnownIdentity;
import com.accessauditor.inventory.KnownRole;
import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.inventory.ResourceReader;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import com.accessauditor.rbac.ScopeTree;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The sweep: read every swept scope, ask the directory in batches, run every detector, record findings
 * (a re-run updates `lastSeen`; a finding whose cause is gone is resolved), and reconcile the inventory.
 *
 * <p>It fails closed: a scope that cannot be read is reported and the others go on; a finding is only
 * resolved where everything its detector needs was read; nothing is called deleted because the directory
 * could not be asked. Every write is an upsert, so a sweep that was cut off is safe to run again.
 */
public final class SweepService {
  private final AuthorizationReader authorization;
  private final ResourceReader resources;
  private final Directory directory;
  private final InventoryStore inventory;
  private final InventoryReconciler reconciler;
  private final FindingStore findings;
  private final Clock clock;
  private final SweepRunStore runs;
  /** How long the `sweepruns` table keeps a run: enough to compare a quarter's runs, not forever. */
  static final Duration RUNS_KEPT = Duration.ofDays(90);
  private final SweepPlanner planner;
  private final List<SweepDetector> detectors;

  public SweepService(AuthorizationReader authorization, ResourceReader resources, Directory directory,
      InventoryStore inventory, FindingStore findings, Clock clock, List<SweepDetector> detectors) {
    this(authorization, resources, directory, inventory, findings, new com.accessauditor.memory.InMemorySweepRunStore(),
        clock, detectors);
  }

  /** @param runs where each run's plan and what each subscription came to are recorded */
  public SweepService(AuthorizationReader authorization, ResourceReader resources, Directory directory,
      InventoryStore inventory, FindingStore findings, SweepRunStore runs, Clock clock, List<SweepDetector> detectors) {
    this.runs = runs;
    this.planner = new SweepPlanner(authorization, runs);
    this.authorization = authorization;
    this.resources = resources;
    this.directory = directory;
    this.inventory = inventory;
    this.reconciler = new InventoryReconciler(inventory);
    this.findings = findings;
    this.clock = clock;
    this.detectors = List.copyOf(detectors);
  }

  /**
   * Reads, checks the baseline against what was read, then judges and records. A baseline that names a
   * role or a principal that does not exist stops the sweep before any finding or inventory row is written.
   *
   * @throws IllegalArgumentException naming each wrong baseline entry and the closest real name
   */
  public SweepReport run(List<Scope> requested, Optional<Baseline> baseline, Consumer<String> progress) {
    Instant now = clock.instant();
    TenantReading read = new TenantReading(authorization, resources);
    SweepPlanner.Plan plan = planner.plan(requested, now, progress);
    runs.prune(now.minus(RUNS_KEPT));
    read.gapLines.addAll(plan.problems());
    SweepRun planned = plan.run();
    try {
      return sweep(planned, plan.scopes(), baseline, progress, read, now);
    } catch (RuntimeException e) {
      // A baseline that cannot be used, a store that went away: the run says so instead of staying "planned".
      Instant at = clock.instant();
      try {
        planned.subscriptions().keySet().forEach(sub -> runs.mark(planned.runId(),
            new SweepRun.Subscription(sub, SweepRun.State.FAILED, at, com.accessauditor.model.Text.clip(e.getMessage()))));
      } catch (RuntimeException notRecorded) {
        e.addSuppressed(notRecorded);
      }
      throw e;
    }
  }

  private SweepReport sweep(SweepRun planned, List<Scope> scopes, Optional<Baseline> baseline,
      Consumer<String> progress, TenantReading read, Instant now) {
    read.tenantWide(scopes, progress);
    for (int i = 0; i < scopes.size(); i++) {
      Scope scope = scopes.get(i);
      try {
        read.scope(scope);
      } catch (RuntimeException e) {
        // A bug or an unexpected answer in one scope must not cost the others their sweep.
        read.gapEverything(TenantReading.key(scope), scope + ": " + e);
      }
      progress.accept("scope " + (i + 1) + " of " + scopes.size() + ": " + scope + ": " + read.assignmentsIn(scope)
          + " assignment(s), " + read.sitesIn(scope) + " app(s) seen" + read.gapsOf(scope));
    }
    read.reportSettingsNotGranted();
    Set<PrincipalId> ids = new LinkedHashSet<>();
    read.assignments.values().forEach(a -> ids.add(a.principalId()));
    read.sites.forEach(s -> s.systemAssignedPrincipalId().ifPresent(ids::add));
    PrincipalBatch principals = directory.principals(ids);
    if (!principals.complete()) {
      read.gap(Facet.DIRECTORY, SweepFacts.EVERYWHERE, "directory: " + principals.unanswered().size() + " of "
          + ids.size() + " principal(s) could not be looked up (" + String.join("; ", principals.failures())
          + "); no orphan findings and no deletion advice for them");
    }
    progress.accept("directory: " + ids.size() + " principal(s) looked up, " + principals.found().size() + " found");
    Lookup<List<Principal>> deleted = directory.deletedPrincipals();
    if (deleted instanceof Lookup.Failed<List<Principal>> f) {
      read.gap(Facet.DELETED_PRINCIPALS, SweepFacts.EVERYWHERE, "deleted directory objects: " + f.reason());
    }
    if (baseline.isEmpty()) {
      read.gaps.computeIfAbsent(Facet.BASELINE, k -> new HashSet<>()).add(SweepFacts.EVERYWHERE);
    } else {
      boolean rolesRead = read.gaps.getOrDefault(Facet.ROLE_DEFINITIONS, Set.of()).isEmpty();
      Set<String> names = new HashSet<>();
      principals.found().values().forEach(p -> {
        names.add(p.displayName().toLowerCase(Locale.ROOT));
        p.userPrincipalName().ifPresent(u -> names.add(u.toLowerCase(Locale.ROOT)));
      });
      List<String> wrong = BaselineCheck.problems(baseline.get(),
          rolesRead ? Optional.of(read.definitions.values()) : Optional.empty(), directory, names,
          principals.found().keySet());
      if (!wrong.isEmpty()) {
        throw new IllegalArgumentException("the baseline cannot be used; nothing was swept:\n  "
            + String.join("\n  ", wrong));
      }
    }
    Set<String> subscriptions = subscriptionsOf(scopes, read);
    seenOnlyThroughTheirAssignments(planned.subscriptions().keySet(), subscriptions, read);
    SweepFacts facts = new SweepFacts(now, scopes, List.copyOf(read.assignments.values()), read.definitions,
        read.deny, read.sites, read.settings, read.identities, principals,
        deleted.found().map(list -> list.stream().collect(Collectors.toMap(Principal::id, p -> p, (a, b) -> a))),
        known(subscriptions), baseline, read.gaps, directory.deletedTypesRead());

    Map<String, Finding> stored = new HashMap<>();
    findings.list().forEach(f -> stored.put(f.fingerprint(), f));
    Map<String, Finding> seen = new LinkedHashMap<>();
    int opened = 0;
    Map<FindingKind, Set<Facet>> resolvable = new EnumMap<>(FindingKind.class);
    for (SweepDetector detector : detectors) {
      List<FindingDraft> drafts;
      try {
        drafts = detector.inspect(facts);
      } catch (RuntimeException e) {
        read.problems.add(detector.getClass().getSimpleName() + " failed: " + e + "; its findings were kept as they"
            + " were");
        continue;
      }
      if (detector.resolvesWhenGone()) {
        detector.kinds().forEach(k -> resolvable.put(k, detector.needs()));
      }
      for (FindingDraft draft : drafts) {
        if (seen.containsKey(draft.fingerprint())) {
          continue;
        }
        if (!readEnough(detector, draft, facts)) {
          // Raised from a partial read ("no grant" where the list failed): neither raised nor resolved.
          continue;
        }
        Optional<Finding> before = Optional.ofNullable(stored.get(draft.fingerprint()));
        Finding f = FindingLedger.sighting(draft, now, before);
        if (before.isEmpty() || before.get().status() == FindingStatus.RESOLVED) {
          opened++;
        }
        seen.put(f.fingerprint(), f);
      }
    }
    findings.putAll(List.copyOf(seen.values()));
    List<Finding> resolved = resolve(facts, stored.values(), seen.keySet(), resolvable, subscriptions, now,
        read.listedWithAncestors);
    reconciler.reconcile(facts, subscriptions, read, now);
    read.problems.forEach(p -> read.gapLines.add(p));
    SweepRun run = record(planned, facts, read);
    return new SweepReport(now, Duration.between(now, clock.instant()), scopes, read.assignments.size(),
        read.sites.size(), ids.size(), List.copyOf(seen.values()), opened, resolved, read.gapLines, run);
  }

  /**
   * Whether everything the detector needs was read for the finding's subscription. The directory and the
   * deleted items are judged per principal by the detectors themselves (a principal not answered is never
   * called gone), so one failed batch of 1,000 ids does not silence every other verdict.
   */
  private static boolean readEnough(SweepDetector detector, FindingDraft draft, SweepFacts facts) {
    String sub = draft.subscriptionId().toLowerCase(Locale.ROOT);
    return detector.needs().stream()
        .filter(f -> f != Facet.DIRECTORY && f != Facet.DELETED_PRINCIPALS)
        .allMatch(f -> facts.covered(f, sub));
  }

  private List<Finding> resolve(SweepFacts facts, java.util.Collection<Finding> stored, Set<String> seen,
      Map<FindingKind, Set<Facet>> resolvable, Set<String> subscriptions, Instant now,
      Set<String> listedWithAncestors) {
    List<Finding> resolved = new ArrayList<>();
    // Live, the hierarchy is a Resource Graph query: asked only when a finding above subscriptions is open.
    ScopeTree tree = stored.stream().anyMatch(f -> f.isActive() && f.subscriptionId().isEmpty())
        ? authorization.scopeTree() : ScopeTree.unknown("not needed");
    for (Finding f : stored) {
      Set<Facet> needs = resolvable.get(f.kind());
      if (!f.isActive() || needs == null || seen.contains(f.fingerprint()) || f.lastSeen().isAfter(now)) {
        continue;
      }
      String sub = f.subscriptionId().toLowerCase(Locale.ROOT);
      if (needs.contains(Facet.APP_SETTINGS) && !facts.covered(Facet.APP_SETTINGS, TenantReading.appKey(f.scope()))) {
        continue; // this app's settings were not read
      }
      boolean confirmed = sub.isEmpty()
          ? aboveASweptSubscription(f, needs, facts, listedWithAncestors, tree)
          : subscriptions.contains(sub) && needs.stream().allMatch(n -> facts.covered(n, sub));
      if (confirmed) {
        resolved.add(f.resolved(now));
      }
    }
    findings.putAll(resolved);
    return resolved;
  }

  /**
   * A finding at a management group or the root is gone when a subscription known to sit below it had its
   * assignments listed whole by ARM (which includes its ancestors' grants) and the grant was not among them.
   * "Known to sit below" needs the subscription's chain: a guess would resolve grants that still exist.
   */
  private static boolean aboveASweptSubscription(Finding f, Set<Facet> needs, SweepFacts facts,
      Set<String> listedWithAncestors, ScopeTree tree) {
    Optional<Scope> at = Optional.of(f.scope()).filter(s -> s.startsWith("/")).map(Scope::parse)
        .filter(s -> s.level() == Scope.Level.ROOT || s.level() == Scope.Level.MANAGEMENT_GROUP);
    return at.isPresent() && listedWithAncestors.stream()
        .filter(sub -> needs.stream().allMatch(n -> facts.covered(n, sub)))
        .anyMatch(sub -> at.get().level() == Scope.Level.ROOT || tree.groupsAbove(sub)
            .map(chain -> chain.contains(at.get().name().toLowerCase(Locale.ROOT))).orElse(false));
  }

  private SweepFacts.Known known(Set<String> subscriptions) {
    Map<String, KnownAssignment> assignments = new HashMap<>();
    Map<Scope, KnownIdentity> identities = new HashMap<>();
    Map<String, Instant> lastSweep = new HashMap<>();
    for (String sub : subscriptions) {
      inventory.assignmentsIn(sub).forEach(a -> assignments.put(a.id().toLowerCase(Locale.ROOT), a));
      inventory.identitiesIn(sub).forEach(i -> identities.put(i.resourceId(), i));
      inventory.lastCompleteSweep(sub).ifPresent(t -> lastSweep.put(sub, t));
    }
    Map<String, KnownRole> roles = new HashMap<>();
    inventory.customRoles().forEach(r -> roles.put(r.definition().guid(), r));
    return new SweepFacts.Known(assignments, identities, roles, lastSweep);
  }

  /**
   * A subscription known only from the assignments a management group's list handed out was not itself
   * read: its apps, their settings and its identities are gaps there, so nothing that needs them is
   * raised or resolved in it.
   */
  private static void seenOnlyThroughTheirAssignments(Set<String> listed, Set<String> subscriptions,
      TenantReading read) {
    List<String> unread = subscriptions.stream().filter(s -> !listed.contains(s.toLowerCase(Locale.ROOT))).toList();
    for (String sub : unread) {
      for (Facet f : List.of(Facet.SITES, Facet.APP_SETTINGS, Facet.USER_ASSIGNED_IDENTITIES)) {
        read.gaps.computeIfAbsent(f, k -> new java.util.HashSet<>()).add(sub);
      }
    }
    if (!unread.isEmpty()) {
      read.gapLines.add(unread.size() + " subscription(s) seen only through a management group's role assignments"
          + " (" + String.join(", ", unread.stream().limit(3).toList()) + (unread.size() > 3 ? ", …" : "")
          + "): their apps and identities were not read");
    }
  }

  /**
   * The facets a subscription must have had read whole for its run row to say DONE. Not the baseline:
   * sweeping without one is a choice, not a gap.
   */
  private static final List<Facet> WHOLE = List.of(Facet.ROLE_ASSIGNMENTS, Facet.ROLE_DEFINITIONS,
      Facet.DENY_ASSIGNMENTS, Facet.SITES, Facet.APP_SETTINGS, Facet.USER_ASSIGNED_IDENTITIES, Facet.DIRECTORY,
      Facet.DELETED_PRINCIPALS);

  /**
   * What each planned subscription came to: FAILED when its role assignments could not be read, INCOMPLETE
   * with the gaps that concern it, DONE when it was read whole.
   */
  private SweepRun record(SweepRun planned, SweepFacts facts, TenantReading read) {
    Instant at = clock.instant();
    Map<String, SweepRun.Subscription> came = new LinkedHashMap<>();
    for (String sub : planned.subscriptions().keySet()) {
      String key = TenantReading.appKeyPrefix(sub);
      boolean appsUnread = read.gaps.getOrDefault(Facet.APP_SETTINGS, Set.of()).stream().anyMatch(k -> k.startsWith(key));
      boolean whole = !appsUnread && WHOLE.stream().allMatch(f -> facts.covered(f, sub));
      List<String> why = read.gapLines.stream().filter(l -> l.toLowerCase(Locale.ROOT).contains(sub)).toList();
      if (why.isEmpty()) {
        why = read.gapLines.stream().filter(l -> !l.contains("/subscriptions/") && !l.contains("subscription ")).toList();
      }
      SweepRun.State state = whole ? SweepRun.State.DONE
          : facts.covered(Facet.ROLE_ASSIGNMENTS, sub) ? SweepRun.State.INCOMPLETE : SweepRun.State.FAILED;
      SweepRun.Subscription row = new SweepRun.Subscription(sub, state, at, whole ? "" : String.join("; ", why));
      runs.mark(planned.runId(), row);
      came.put(sub, row);
    }
    return new SweepRun(planned.runId(), planned.plannedAt(), planned.scopes(), came);
  }

  private static Set<String> subscriptionsOf(List<Scope> scopes, TenantReading read) {
    Set<String> subs = new LinkedHashSet<>();
    scopes.forEach(s -> s.subscriptionId().ifPresent(subs::add));
    if (scopes.stream().anyMatch(s -> s.subscriptionId().isEmpty())) {
      read.assignments.values().forEach(a -> a.scope().subscriptionId().ifPresent(subs::add));
    }
    return subs;
  }
}
