package com.accessauditor.sweep;

import com.accessauditor.baseline.Baseline;
import com.accessauditor.detect.Facet;
import com.accessauditor.detect.SweepDetector;
import com.accessauditor.detect.SweepFacts;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingStore;
import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.InventoryStore;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.inventory.KnownIdentity;
import com.accessauditor.inventory.KnownRole;
import com.accessauditor.inventory.ResourceReader;
import com.accessauditor.memory.InMemorySweepRunStore;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import com.accessauditor.model.Text;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    this(authorization, resources, directory, inventory, findings, new InMemorySweepRunStore(),
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
            new SweepRun.Subscription(sub, SweepRun.State.FAILED, at, Text.clip(e.getMessage()))));
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
    Set<PrincipalId> ids = read.principalIds();
    DirectoryRead asked = DirectoryRead.of(directory, ids, read, progress);
    DirectoryRead.checkBaseline(baseline, read, asked.principals(), directory);
    Set<String> subscriptions = subscriptionsOf(scopes, read);
    seenOnlyThroughTheirAssignments(planned.subscriptions().keySet(), subscriptions, read);
    SweepFacts facts = new SweepFacts(now, scopes, List.copyOf(read.assignments.values()), read.definitions,
        read.sites, read.settings, read.identities, asked.principals(), asked.deleted(),
        known(inventory, subscriptions, true), baseline, read.gaps, directory.deletedTypesRead())
        .withPim(read.pim.schedules()).withDenyAssignments(List.copyOf(read.denies.values()));
    if (facts.holdsManagementGroupGrants()) {
      facts = facts.withHierarchy(authorization.scopeTree());
    }
    facts = GroupMembersRead.of(detectors, facts, directory);

    FindingJudge judge = new FindingJudge(findings, findings.list(), f -> true);
    judge.inspect(detectors, facts, read.problems);
    List<Finding> seen = judge.record();
    List<Finding> resolved = judge.resolve(facts, subscriptions, read.listedWithAncestors, authorization::scopeTree);
    reconciler.reconcile(facts, subscriptions, read, now, true);
    read.problems.forEach(p -> read.gapLines.add(p));
    SweepRun run = record(planned, facts, read);
    return new SweepReport(now, Duration.between(now, clock.instant()), scopes, read.assignments.size(),
        read.sites.size(), ids.size(), seen, judge.opened(), resolved, read.gapLines, run).withNotes(read.notes);
  }

  /** @param customRoles whether the tenant's custom roles are wanted (not by one subscription's worker) */
  static SweepFacts.Known known(InventoryStore inventory, Set<String> subscriptions, boolean customRoles) {
    Map<String, KnownAssignment> assignments = new HashMap<>();
    Map<Scope, KnownIdentity> identities = new HashMap<>();
    Map<String, Instant> lastSweep = new HashMap<>();
    for (String sub : subscriptions) {
      inventory.assignmentsIn(sub).forEach(a -> assignments.put(a.id().toLowerCase(Locale.ROOT), a));
      inventory.identitiesIn(sub).forEach(i -> identities.put(i.resourceId(), i));
      inventory.lastCompleteSweep(sub).ifPresent(t -> lastSweep.put(sub, t));
    }
    Map<String, KnownRole> roles = new HashMap<>();
    if (customRoles) {
      inventory.customRoles().forEach(r -> roles.put(r.definition().guid(), r));
    }
    return new SweepFacts.Known(assignments, identities, roles, lastSweep);
  }

  /**
   * A subscription known only from the assignments a management group's list handed out was not itself
   * read: its apps, their settings and its identities are gaps there, so nothing that needs them is
   * raised or resolved in it.
   */
  static void seenOnlyThroughTheirAssignments(Set<String> listed, Set<String> subscriptions,
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
  private static final List<Facet> WHOLE = List.of(Facet.ROLE_ASSIGNMENTS, Facet.ROLE_DEFINITIONS, Facet.SITES,
      Facet.APP_SETTINGS, Facet.USER_ASSIGNED_IDENTITIES, Facet.DIRECTORY, Facet.DELETED_PRINCIPALS, Facet.PIM,
      Facet.DENY_ASSIGNMENTS);

  /**
   * What each planned subscription came to: FAILED when its role assignments could not be read, INCOMPLETE
   * with the gaps that concern it, DONE when it was read whole.
   */
  private SweepRun record(SweepRun planned, SweepFacts facts, TenantReading read) {
    Instant at = clock.instant();
    Map<String, SweepRun.Subscription> came = new LinkedHashMap<>();
    for (String sub : planned.subscriptions().keySet()) {
      SweepRun.Subscription row = outcome(sub, facts, read, at);
      runs.mark(planned.runId(), row);
      came.put(sub, row);
    }
    return planned.with(came, planned.finish());
  }

  /** What a subscription came to, with the gap lines that concern it (or, if none names it, the tenant's). */
  static SweepRun.Subscription outcome(String sub, SweepFacts facts, TenantReading read, Instant at) {
    String key = TenantReading.appKeyPrefix(sub);
    boolean appsUnread = read.gaps.getOrDefault(Facet.APP_SETTINGS, Set.of()).stream().anyMatch(k -> k.startsWith(key));
    boolean whole = !appsUnread && WHOLE.stream().allMatch(f -> facts.covered(f, sub) || read.notedOnly(f, sub));
    List<String> why = read.gapLines.stream().filter(l -> l.toLowerCase(Locale.ROOT).contains(sub)).toList();
    if (why.isEmpty()) {
      why = read.gapLines.stream().filter(l -> !l.contains("/subscriptions/") && !l.contains("subscription ")).toList();
    }
    SweepRun.State state = whole ? SweepRun.State.DONE
        : facts.covered(Facet.ROLE_ASSIGNMENTS, sub) ? SweepRun.State.INCOMPLETE : SweepRun.State.FAILED;
    return new SweepRun.Subscription(sub, state, at, whole ? "" : String.join("; ", why));
  }

  /** The facets of a subscription that were not read whole. */
  static java.util.EnumSet<Facet> notRead(String sub, SweepFacts facts) {
    java.util.EnumSet<Facet> out = java.util.EnumSet.noneOf(Facet.class);
    for (Facet f : Facet.values()) {
      if (f != Facet.BASELINE && !facts.covered(f, sub)) {
        out.add(f);
      }
    }
    return out;
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
