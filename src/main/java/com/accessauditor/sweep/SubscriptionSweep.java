package com.accessauditor.sweep;

import com.accessauditor.detect.Reach;
import com.accessauditor.detect.SweepDetector;
import com.accessauditor.detect.SweepFacts;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingQuery;
import com.accessauditor.findings.FindingStore;
import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.InventoryStore;
import com.accessauditor.inventory.ResourceReader;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import com.accessauditor.model.Text;
import com.accessauditor.rbac.ScopeTree;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A run's worker: sweeps one subscription, with the detectors whose findings follow from it alone, and
 * leaves for the run's final step what the detectors that look across subscriptions need. It holds one
 * subscription in memory, never the tenant.
 *
 * <p>It owns exactly its subscription's findings of those detectors, so two workers never judge the same
 * finding. A message delivered twice changes nothing twice: a subscription already marked is skipped, and
 * a worker that died before marking writes the same rows again (the findings it stored are not new, so
 * nothing is alerted twice). The worker that marks a run's last subscription asks for its final step.
 */
public final class SubscriptionSweep {
  private final AuthorizationReader authorization;
  private final ResourceReader resources;
  private final Directory directory;
  private final InventoryStore inventory;
  private final FindingStore findings;
  private final SweepRunStore runs;
  private final SweepStage stage;
  private final WorkQueue finalSteps;
  private final Clock clock;
  private final List<SweepDetector> detectors;
  /** The tenant-wide detectors, asked only which principals the final step must keep whole. */
  private final List<SweepDetector> acrossSubscriptions;
  private final AnsweredPrincipals answered = new AnsweredPrincipals();

  public SubscriptionSweep(AuthorizationReader authorization, ResourceReader resources, Directory directory,
      InventoryStore inventory, FindingStore findings, SweepRunStore runs, SweepStage stage, WorkQueue finalSteps,
      Clock clock, List<SweepDetector> detectors) {
    this.authorization = authorization;
    this.resources = resources;
    this.directory = directory;
    this.inventory = inventory;
    this.findings = findings;
    this.runs = runs;
    this.stage = stage;
    this.finalSteps = finalSteps;
    this.clock = clock;
    this.detectors = detectors.stream().filter(d -> d.reach() == Reach.SUBSCRIPTION).toList();
    this.acrossSubscriptions = detectors.stream().filter(d -> d.reach() == Reach.TENANT).toList();
  }

  /**
   * Sweeps the message's subscription, unless it was already swept for the run.
   *
   * @return what was found, or empty when there was nothing to do (marked already, or the run is gone)
   */
  public Optional<SweepReport> sweep(SubscriptionWork work, Consumer<String> progress) {
    // Its own row only: a worker of a run of 10,000 subscriptions reads one row, not 10,000.
    Optional<SweepRun.Subscription> row = runs.subscription(work.runId(), work.subscriptionId());
    if (row.isEmpty()) {
      progress.accept("sweep run " + work.runId() + " is not recorded for subscription " + work.subscriptionId()
          + " (pruned after " + SweepService.RUNS_KEPT.toDays() + " days?): not swept for it");
      return Optional.empty();
    }
    if (row.get().state() != SweepRun.State.PLANNED) {
      progress.accept("subscription " + work.subscriptionId() + " of run " + work.runId() + " is "
          + row.get().state().name().toLowerCase(Locale.ROOT) + " already: nothing to do");
      return Optional.empty();
    }
    Instant now = clock.instant();
    String sub = work.subscriptionId();
    Scope scope = Scope.parse("/subscriptions/" + sub);
    TenantReading read = new TenantReading(authorization, resources, false);
    try {
      read.scope(scope);
    } catch (RuntimeException e) {
      read.gapEverything(sub, scope + ": " + e);
    }
    progress.accept(scope + ": " + read.assignmentsIn(scope) + " assignment(s), " + read.sitesIn(scope)
        + " app(s) seen" + read.gapsOf(scope));
    Set<PrincipalId> ids = read.principalIds();
    DirectoryRead asked = DirectoryRead.of(directory,
        asking -> answered.lookUp(work.runId(), asking, directory), stage.deleted(work.runId()), ids, read, progress);
    SweepFacts facts = new SweepFacts(now, List.of(scope), List.copyOf(read.assignments.values()), read.definitions,
        read.sites, read.settings, read.identities, asked.principals(), asked.deleted(),
        SweepService.known(inventory, Set.of(sub), false), Optional.empty(), read.gaps, directory.deletedTypesRead())
        .withPim(read.pim.schedules());
    FindingJudge judge = new FindingJudge(findings, findings.query(FindingQuery.all().in(sub)),
        f -> f.subscriptionId().equalsIgnoreCase(sub));
    judge.inspect(detectors, facts, read.problems);
    List<Finding> seen = judge.record();
    List<Finding> resolved = judge.resolve(facts, Set.of(sub), read.listedWithAncestors,
        () -> ScopeTree.unknown("a worker owns no finding above its subscription"));
    new InventoryReconciler(inventory).reconcile(facts, Set.of(sub), read, now, false);
    Set<PrincipalId> joinedHere = new java.util.LinkedHashSet<>();
    acrossSubscriptions.forEach(d -> joinedHere.addAll(d.joinsOn(facts)));
    stage.put(work.runId(), staged(sub, read, facts, joinedHere), new DirectoryAnswers(ids, asked.principals()));
    read.problems.forEach(read.gapLines::add);
    SweepRun.Subscription came = SweepService.outcome(sub, facts, read, clock.instant());
    runs.mark(work.runId(), came);
    askForTheFinalStepIfLast(work.runId());
    SweepRun after = new SweepRun(work.runId(), work.plannedAt(), List.of(), java.util.Map.of(sub, came));
    return Optional.of(new SweepReport(now, Duration.between(now, clock.instant()), List.of(scope),
        read.assignments.size(), read.sites.size(), ids.size(), seen, judge.opened(), resolved,
        read.gapLines, after));
  }

  /**
   * What the queue trigger and the command line's workers call for each delivery: sweeps the message's
   * subscription; on the last delivery a failure gives the subscription up (see {@link #giveUp}) before it
   * is thrown, so the run goes on without it.
   *
   * @param dequeueCount the deliveries so far, this one included
   * @throws IllegalArgumentException for a message this version did not write (it is never retried into a sweep)
   */
  public Optional<SweepReport> handle(String message, long dequeueCount, Consumer<String> progress) {
    return handle(SubscriptionWork.parse(message), dequeueCount, progress);
  }

  /** As {@link #handle(String, long, Consumer)}, for a message parsed already. */
  Optional<SweepReport> handle(SubscriptionWork work, long dequeueCount, Consumer<String> progress) {
    try {
      return sweep(work, progress);
    } catch (RuntimeException e) {
      if (dequeueCount >= WorkQueue.MAX_DEQUEUE_COUNT) {
        try {
          giveUp(work, e);
        } catch (RuntimeException notRecorded) {
          e.addSuppressed(notRecorded);
        }
      }
      throw e;
    }
  }

  /**
   * Gives a message up after its last delivery failed: the run record names the subscription and why, and
   * the run goes on to its final step without it (nothing of it is raised or resolved there).
   */
  public void giveUp(SubscriptionWork work, RuntimeException why) {
    runs.mark(work.runId(), new SweepRun.Subscription(work.subscriptionId(), SweepRun.State.FAILED, clock.instant(),
        "given up after " + WorkQueue.MAX_DEQUEUE_COUNT + " deliveries (the message is kept in the "
            + WorkQueue.SUBSCRIPTIONS + "-poison queue): " + Text.clip(String.valueOf(why.getMessage()))));
    askForTheFinalStepIfLast(work.runId());
  }

  /**
   * Two last workers finishing at once may both ask; the final step is claimed by one message, so the
   * second finds it taken.
   */
  private void askForTheFinalStepIfLast(String runId) {
    if (!runs.anyPlanned(runId) && runs.finish(runId).isEmpty()) {
      finalSteps.send(runId);
    }
  }

  private static StagedSubscription staged(String sub, TenantReading read, SweepFacts facts,
      Set<PrincipalId> joined) {
    return new StagedSubscription(sub, (int) read.assignments.values().stream()
        .filter(a -> a.scope().subscriptionId().map(sub::equals).orElse(false)).count(), read.sites, read.identities,
        read.definitions.values().stream().filter(d -> d.isCustom()).toList(),
        read.assignments.values().stream().filter(a -> a.scope().subscriptionId().isEmpty()).toList(),
        SweepService.notRead(sub, facts), read.listedWithAncestors.contains(sub),
        // Every eligibility and activation (sized by PIM's use, not by the assignments): the baseline's
        // eligible grants are judged across subscriptions. PIM's other active rows are not needed there.
        read.pim.staged(),
        read.notes, List.copyOf(joined), List.copyOf(read.denies.values()));
  }

}
