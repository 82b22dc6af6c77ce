package com.accessauditor.sweep;

import com.accessauditor.baseline.Baseline;
import com.accessauditor.detect.Facet;
import com.accessauditor.detect.Reach;
import com.accessauditor.detect.SweepDetector;
import com.accessauditor.detect.SweepFacts;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.FindingQuery;
import com.accessauditor.findings.FindingStore;
import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.InventoryStore;
import com.accessauditor.inventory.KnownIdentity;
import com.accessauditor.inventory.KnownRole;
import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.inventory.ResourceReader;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.Scope;
import com.accessauditor.model.Text;
import com.accessauditor.rbac.ScopeTree;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The final step of a run, once every subscription's worker is done: the detectors that look across
 * subscriptions, over what the workers stored. It holds the tenant's apps, identities and custom roles
 * (the staged facts) and the assignments of the principals those detectors join on, never the tenant's
 * assignments: those are read from the inventory one subscription at a time, and the detectors that judge
 * each assignment alone see them one subscription at a time.
 *
 * <p>It owns the findings of those detectors everywhere, and every finding above subscriptions.
 */
public final class CrossSubscriptionStep {
  private final AuthorizationReader authorization;
  private final ResourceReader resources;
  private final Directory directory;
  private final InventoryStore inventory;
  private final FindingStore findings;
  private final SweepRunStore runs;
  private final SweepStage stage;
  private final Clock clock;
  private final List<SweepDetector> perAssignment;
  private final List<SweepDetector> overTheTenant;
  private final Set<FindingKind> owned = EnumSet.noneOf(FindingKind.class);

  public CrossSubscriptionStep(AuthorizationReader authorization, ResourceReader resources, Directory directory,
      InventoryStore inventory, FindingStore findings, SweepRunStore runs, SweepStage stage, Clock clock,
      List<SweepDetector> detectors) {
    this.authorization = authorization;
    this.resources = resources;
    this.directory = directory;
    this.inventory = inventory;
    this.findings = findings;
    this.runs = runs;
    this.stage = stage;
    this.clock = clock;
    this.perAssignment = detectors.stream().filter(d -> d.reach() == Reach.ASSIGNMENT).toList();
    // The per-subscription detectors run here too, for the grants of management groups and the root.
    this.overTheTenant = detectors.stream().filter(d -> d.reach() != Reach.ASSIGNMENT).toList();
    detectors.stream().filter(d -> d.reach() != Reach.SUBSCRIPTION).forEach(d -> owned.addAll(d.kinds()));
  }

  /**
   * Runs the final step of a run whose subscriptions are all swept, once: a second message for the same
   * run finds the step claimed, and a redelivery of the claiming message (its first delivery died) takes it
   * up again.
   *
   * @param messageId the queue message that asked for it
   * @return the step's findings, or empty when there was nothing to do
   * @throws IllegalArgumentException for a baseline that names a role or principal that does not exist: the
   *     step is recorded FAILED and nothing of it is written
   */
  public Optional<SweepReport> finish(String runId, String messageId, Optional<Baseline> baseline,
      Consumer<String> progress) {
    return finish(runId, messageId, baseline, progress, f -> { });
  }

  /**
   * @param each every finding the step writes, as it writes it: its report keeps counts and the most severe
   */
  public Optional<SweepReport> finish(String runId, String messageId, Optional<Baseline> baseline,
      Consumer<String> progress, Consumer<Finding> each) {
    Optional<SweepRun> found = runs.find(runId);
    if (found.isEmpty() || !found.get().allSwept()
        || found.get().finished() && !found.get().finalStepRetakenBy(messageId)) {
      progress.accept("final step of run " + runId + ": " + found.map(r -> r.finished() ? "done already"
          : "subscriptions still planned").orElse("no such run (pruned?)") + "; nothing to do");
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (!runs.claimFinish(runId, messageId, now)) {
      progress.accept("final step of run " + runId + ": taken by another message; nothing to do");
      return Optional.empty();
    }
    try {
      return Optional.of(judge(found.get(), messageId, baseline, progress, now, each));
    } catch (RuntimeException e) {
      runs.finished(runId, new SweepRun.Finish(SweepRun.State.FAILED, clock.instant(),
          Text.clip(String.valueOf(e.getMessage())), messageId));
      throw e;
    }
  }

  private SweepReport judge(SweepRun run, String messageId, Optional<Baseline> baseline, Consumer<String> progress,
      Instant now, Consumer<Finding> each) {
    progress.accept("final step of run " + run.runId() + ": joining what the workers of "
        + run.subscriptions().size() + " subscription(s) staged, one subscription at a time");
    Map<String, StagedSubscription> staged = new LinkedHashMap<>();
    stage.read(run.runId()).forEach(s -> staged.put(s.subscriptionId(), s));
    TenantReading read = new TenantReading(authorization, resources, true);
    read.gapLines.addAll(run.problems());
    List<Scope> scopes = scopesOf(run);
    for (String sub : run.subscriptions().keySet()) {
      Set<Facet> notRead = Optional.ofNullable(staged.get(sub)).map(StagedSubscription::notRead)
          .orElse(EnumSet.complementOf(EnumSet.of(Facet.BASELINE)));
      notRead.forEach(f -> read.gaps.computeIfAbsent(f, k -> new HashSet<>()).add(sub));
      SweepRun.Subscription row = run.subscriptions().get(sub);
      if (row.state() != SweepRun.State.DONE) {
        read.gapLines.add("subscription " + sub + " " + row.state().name().toLowerCase(Locale.ROOT) + ": "
            + row.why());
      }
    }
    for (Scope above : scopes.stream().filter(s -> s.subscriptionId().isEmpty()).toList()) {
      try {
        read.scope(above);
      } catch (RuntimeException e) {
        read.gapEverything(SweepFacts.EVERYWHERE, above + ": " + e);
      }
    }
    staged.values().forEach(s -> {
      s.aboveSubscription().forEach(read::add);
      read.pim.add(s.pim());
      s.denyAssignments().forEach(d -> read.denies.putIfAbsent(d.id().toLowerCase(Locale.ROOT), d));
      s.notes().stream().filter(n -> !read.notes.contains(n)).forEach(read.notes::add);
      s.customRoles().forEach(d -> read.definitions.putIfAbsent(d.guid(), d));
      read.identities.addAll(s.identities());
    });
    Optional<StagedSubscription> listedRoles = staged.values().stream()
        .filter(s -> !s.notRead().contains(Facet.ROLE_DEFINITIONS)).findFirst();
    if (listedRoles.isPresent()) {
      read.definitionsFor(Scope.parse("/subscriptions/" + listedRoles.get().subscriptionId()));
    } else if (read.definitions.values().stream().noneMatch(d -> !d.isCustom())) {
      read.gap(Facet.ROLE_DEFINITIONS, SweepFacts.EVERYWHERE, "role definitions: none was read for run " + run.runId());
    }
    Set<String> aboveLists = new HashSet<>();
    read.assignments.values().forEach(a -> a.scope().subscriptionId().ifPresent(aboveLists::add));
    SweepService.seenOnlyThroughTheirAssignments(run.subscriptions().keySet(), aboveLists, read);
    read.addSites(staged.values().stream().flatMap(s -> s.sites().stream()).toList());
    read.reportSettingsNotGranted();
    Optional<Map<PrincipalId, Principal>> deleted = DirectoryRead.deleted(directory, stage.deleted(run.runId()), read);
    SweepFacts.Known known = known(staged.values());
    JoinedPrincipals joinedOn = new JoinedPrincipals(baseline);
    Set<PrincipalId> joined = joinedOn.of(read, known, deleted, now, directory.deletedTypesRead());
    staged.values().forEach(s -> joined.addAll(s.joined()));

    if (baseline.isPresent() && read.gaps.getOrDefault(Facet.ROLE_DEFINITIONS, Set.of()).isEmpty()) {
      // Its principals were checked when the run started; its custom role names can be checked only now.
      List<String> wrong = BaselineCheck.roleProblems(baseline.get(), read.definitions.values());
      if (!wrong.isEmpty()) {
        throw new IllegalArgumentException(BaselineCheck.refusal("nothing across subscriptions was judged", wrong));
      }
    }
    RunTally tally = new RunTally(List.of(), each);
    FindingJudge judge = new FindingJudge(findings, ownedStored(), this::owns);
    Set<String> listed = staged.values().stream().filter(StagedSubscription::listedWithAncestors)
        .map(StagedSubscription::subscriptionId).collect(Collectors.toSet());
    List<RoleAssignment> kept = new ArrayList<>(read.assignments.values());
    int assignments = kept.size();
    WorkerAnswers answers = new WorkerAnswers();
    try (SubscriptionRowsAhead rows = new SubscriptionRowsAhead(List.copyOf(staged.values()), run.runId(),
        inventory, stage)) {
      while (rows.hasNext()) {
        SubscriptionRowsAhead.Rows next = rows.next();
        StagedSubscription s = next.subscription();
        assignments += s.assignments();
        PrincipalBatch who = next.answers().batch();
        Set<PrincipalId> keep = new HashSet<>(joined);
        s.aboveSubscription().forEach(a -> keep.add(a.principalId()));
        who.found().values().stream().filter(joinedOn::named).forEach(p -> keep.add(p.id()));
        next.assignments().ifPresent(chunk -> {
          SweepFacts alone = facts(now, scopes, chunk, read, who, deleted, known, baseline);
          judgeAlone(s.subscriptionId(), alone, listed, tally, read.problems);
          chunk.stream().filter(a -> keep.contains(a.principalId())
              || overTheTenant.stream().anyMatch(d -> d.joins(a, alone))).forEach(a -> {
                kept.add(a);
                keep.add(a.principalId()); // its directory answer is kept too, not asked again
              });
        });
        answers.take(next.answers(), keep);
      }
    }
    kept.forEach(read::add);
    Set<PrincipalId> ids = read.principalIds();
    PrincipalBatch principals = answers.with(DirectoryRead.principals(directory, answers.notAsked(ids), read,
        progress));
    if (baseline.isEmpty()) {
      read.gaps.computeIfAbsent(Facet.BASELINE, k -> new HashSet<>()).add(SweepFacts.EVERYWHERE);
    }
    SweepFacts facts = facts(now, scopes, List.copyOf(read.assignments.values()), read, principals, deleted, known,
        baseline);
    if (baseline.isPresent() && !perAssignment.isEmpty()) {
      // The grants of management groups and the root, judged alone like every other.
      judge.inspect(perAssignment, facts(now, scopes, read.assignments.values().stream()
          .filter(a -> a.scope().subscriptionId().isEmpty()).toList(), read, principals, deleted, known, baseline),
          read.problems);
    }
    if (facts.holdsManagementGroupGrants()) {
      facts = facts.withHierarchy(authorization.scopeTree());
    }
    facts = GroupMembersRead.of(overTheTenant, facts, directory);
    judge.inspect(overTheTenant, facts, read.problems);
    List<Finding> seen = judge.record();
    List<Finding> resolved = judge.resolve(facts, staged.keySet(), listed, authorization::scopeTree);
    tally.add(seen, resolved, judge.opened());
    new InventoryReconciler(inventory).reconcileCustomRoles(facts, read, now);
    read.problems.forEach(read.gapLines::add);
    boolean done = run.complete() && read.gapLines.isEmpty();
    runs.finished(run.runId(), new SweepRun.Finish(done ? SweepRun.State.DONE : SweepRun.State.INCOMPLETE,
        clock.instant(), String.join("; ", read.gapLines), messageId));
    stage.drop(run.runId());
    progress.accept("final step of run " + run.runId() + ": " + staged.size() + " subscription(s) joined, "
        + read.sites.size() + " app(s), " + read.assignments.size() + " assignment(s) of the principals that"
        + " cross-subscription detectors join on");
    return tally.report(now, clock.instant(), scopes, assignments, read.sites.size(), ids.size(), read.gapLines,
        read.notes, runs.find(run.runId()).orElse(run));
  }

  /**
   * The detectors that judge each assignment alone, over one subscription's assignments: raised, written and
   * resolved there and then, so the step never holds more than one subscription's findings.
   */
  private void judgeAlone(String sub, SweepFacts chunk, Set<String> listed, RunTally tally, List<String> problems) {
    if (perAssignment.isEmpty() || chunk.baseline().isEmpty()) {
      return; // without a baseline there is nothing to judge, and nothing is resolved for want of one
    }
    Set<FindingKind> kinds = EnumSet.noneOf(FindingKind.class);
    perAssignment.forEach(d -> kinds.addAll(d.kinds()));
    List<Finding> stored = new ArrayList<>();
    for (FindingKind kind : kinds) {
      stored.addAll(findings.query(FindingQuery.all().ofKind(kind).in(sub)));
    }
    FindingJudge alone = new FindingJudge(findings, stored, f -> kinds.contains(f.kind())
        && f.subscriptionId().equalsIgnoreCase(sub));
    alone.inspect(perAssignment, chunk, problems);
    List<Finding> seen = alone.record();
    List<Finding> resolved = alone.resolve(chunk, Set.of(sub), listed,
        () -> ScopeTree.unknown("no finding above subscriptions is judged here"));
    tally.add(seen, resolved, alone.opened());
  }

  private SweepFacts facts(Instant now, List<Scope> scopes, List<RoleAssignment> assignments, TenantReading read,
      PrincipalBatch principals, Optional<Map<PrincipalId, Principal>> deleted, SweepFacts.Known known,
      Optional<Baseline> baseline) {
    return new SweepFacts(now, scopes, assignments, read.definitions, read.sites, read.settings,
        read.identities, principals, deleted, known, baseline, read.gaps, directory.deletedTypesRead())
        .withPim(read.pim.schedules()).withDenyAssignments(List.copyOf(read.denies.values()));
  }

  /** Across subscriptions: the findings of its kinds, those judged one subscription at a time excepted. */
  private boolean owns(Finding f) {
    boolean alone = perAssignment.stream().anyMatch(d -> d.kinds().contains(f.kind()));
    return f.subscriptionId().isEmpty() || (owned.contains(f.kind()) && !alone);
  }

  /** The stored findings this step may raise or resolve: those of its kinds, and those above subscriptions. */
  private List<Finding> ownedStored() {
    Map<String, Finding> out = new HashMap<>();
    for (FindingKind kind : owned) {
      if (perAssignment.stream().anyMatch(d -> d.kinds().contains(kind))) {
        continue; // read one subscription at a time, as they are judged
      }
      findings.query(FindingQuery.all().ofKind(kind)).forEach(f -> out.put(f.fingerprint(), f));
    }
    findings.query(FindingQuery.all().in("")).forEach(f -> out.put(f.fingerprint(), f));
    return List.copyOf(out.values());
  }

  /** The scopes asked for, then the subscriptions planned below them, as the sweep in one process reads them. */
  private static List<Scope> scopesOf(SweepRun run) {
    Map<String, Scope> scopes = new LinkedHashMap<>();
    run.scopes().forEach(s -> scopes.putIfAbsent(s.toLowerCase(Locale.ROOT), Scope.parse(s)));
    run.subscriptions().keySet().forEach(sub -> scopes.putIfAbsent("/subscriptions/" + sub,
        Scope.parse("/subscriptions/" + sub)));
    return List.copyOf(scopes.values());
  }

  /** What the inventory knows of the run's apps and identities (their principals before a recycle). */
  private SweepFacts.Known known(java.util.Collection<StagedSubscription> staged) {
    Map<Scope, KnownIdentity> identities = new HashMap<>();
    for (StagedSubscription s : staged) {
      Set<Scope> ours = new HashSet<>();
      s.sites().forEach(site -> ours.add(site.siteId()));
      s.identities().forEach(i -> ours.add(i.resourceId()));
      if (!ours.isEmpty()) {
        inventory.identitiesIn(s.subscriptionId()).stream().filter(k -> ours.contains(k.resourceId()))
            .forEach(k -> identities.put(k.resourceId(), k));
      }
    }
    Map<String, KnownRole> roles = new HashMap<>();
    inventory.customRoles().forEach(r -> roles.put(r.definition().guid(), r));
    return new SweepFacts.Known(Map.of(), identities, roles, Map.of());
  }
}
