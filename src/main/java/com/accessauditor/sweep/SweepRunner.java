package com.accessauditor.sweep;

import com.accessauditor.baseline.Baseline;
import com.accessauditor.findings.Finding;
import com.accessauditor.inventory.Directory;
import com.accessauditor.model.Scope;
import com.accessauditor.model.Text;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A sweep run over the queues: the timer's start (plan, queue one message per subscription), and the command
 * line's whole run, whose in-process workers take the same messages with the same rules as the Functions
 * host (a failed delivery comes back after a pause, the fifth failure is given up to the poison queue) and
 * call the same worker and final step as the queue triggers.
 */
public final class SweepRunner {
  /** How long an in-process worker's message stays hidden: a worker that died lets it come back after this. */
  public static final Duration LEASE = Duration.ofMinutes(2);
  /**
   * The ARM reads a worker makes for a subscription (assignments, definitions, deny assignments, apps,
   * identities, with pages to spare), against a principal's read bucket refilled at 25 a second.
   */
  static final int ARM_READS_PER_SUBSCRIPTION = 8;
  /** Between two subscriptions' messages, against the live tenant: 320 ms, so 10,000 take 53 minutes. */
  public static final Duration LIVE_PACE = Duration.ofMillis(1000L * ARM_READS_PER_SUBSCRIPTION / 25);
  /** Runs not all swept by then are closed: their missing subscriptions FAILED, their final step run. */
  public static final Duration DEADLINE = Duration.ofHours(6);

  private final SweepPlanner planner;
  private final SweepRunStore runs;
  private final SubscriptionSweep workers;
  private final CrossSubscriptionStep finalStep;
  private final WorkQueue subscriptions;
  private final WorkQueue finalSteps;
  private final Directory directory;
  private final SweepStage stage;
  private final com.accessauditor.inventory.AuthorizationReader authorization;
  private final Clock clock;

  public SweepRunner(SweepPlanner planner, SweepRunStore runs, SubscriptionSweep workers,
      CrossSubscriptionStep finalStep, WorkQueue subscriptions, WorkQueue finalSteps,
      com.accessauditor.inventory.AuthorizationReader authorization, Directory directory, SweepStage stage,
      Clock clock) {
    this.stage = stage;
    this.authorization = authorization;
    this.planner = planner;
    this.runs = runs;
    this.workers = workers;
    this.finalStep = finalStep;
    this.subscriptions = subscriptions;
    this.finalSteps = finalSteps;
    this.directory = directory;
    this.clock = clock;
  }

  /** A started run, and what could not be planned. */
  public record Started(SweepRun run, List<String> problems) {}

  /**
   * Plans a run and queues its subscriptions, {@code pace} apart; first closes the runs left past their deadline. A baseline
   * naming a principal or role that does not exist stops it before anything is queued.
   *
   * @throws IllegalArgumentException naming each wrong baseline entry
   */
  public Started start(List<Scope> requested, Optional<Baseline> baseline, Duration pace,
      Consumer<String> progress) {
    Instant now = clock.instant();
    runs.prune(now.minus(SweepService.RUNS_KEPT));
    stage.dropBefore(now.minus(SweepService.RUNS_KEPT));
    closeOverdue(now, progress);
    SweepPlanner.Plan plan = planner.plan(requested, now, progress);
    baseline.ifPresent(b -> refuseUnusable(b, plan.run()));
    stage.putDeleted(plan.run().runId(), directory.deletedPrincipals());
    if (plan.run().subscriptions().isEmpty()) {
      finalSteps.send(plan.run().runId()); // only management groups' own grants: the final step reads them
    } else {
      planner.enqueue(plan, subscriptions, pace);
    }
    progress.accept("sweep run " + plan.run().runId() + ": " + plan.run().subscriptions().size()
        + " subscription(s) queued on " + subscriptions.name());
    return new Started(plan.run(), plan.problems());
  }

  /**
   * Checks the baseline before anything is queued: its principals with the directory, its role names with
   * the tenant's definitions where one query lists them (else the final step checks them). An unusable one
   * fails the run, recorded with why.
   */
  private void refuseUnusable(Baseline baseline, SweepRun run) {
    List<String> subs = List.copyOf(run.subscriptions().keySet());
    Optional<java.util.Collection<com.accessauditor.model.RoleDefinition>> roles = subs.isEmpty() ? Optional.empty()
        : authorization.roleDefinitionsIn(subs).flatMap(l -> l.found()).map(l -> l);
    List<String> wrong = BaselineCheck.problems(baseline, roles, directory, Set.of(), Set.of());
    if (wrong.isEmpty()) {
      return;
    }
    String why = BaselineCheck.refusal("nothing was swept", wrong);
    Instant at = clock.instant();
    subs.forEach(sub -> runs.mark(run.runId(), new SweepRun.Subscription(sub, SweepRun.State.FAILED, at,
        Text.clip(why))));
    runs.finished(run.runId(), new SweepRun.Finish(SweepRun.State.FAILED, at, Text.clip(why), ""));
    throw new IllegalArgumentException(why);
  }

  /**
   * Runs planned more than {@link #DEADLINE} ago whose subscriptions are not all swept: each one still
   * planned is marked FAILED (its message was lost, or is in the poison queue without its worker having said
   * so), and the run's final step is asked for, so what was read is judged and what was not is reported.
   */
  void closeOverdue(Instant now, Consumer<String> progress) {
    for (SweepRun run : runs.recent(20)) {
      if (run.finished() || !run.plannedAt().isBefore(now.minus(DEADLINE))) {
        continue;
      }
      run.subscriptions().values().stream().filter(s -> s.state() == SweepRun.State.PLANNED).forEach(s ->
          runs.mark(run.runId(), new SweepRun.Subscription(s.subscriptionId(), SweepRun.State.FAILED, now,
              "not swept within " + DEADLINE.toHours() + " hours of " + run.plannedAt() + "; look for its message in"
                  + " the " + WorkQueue.SUBSCRIPTIONS + "-poison queue")));
      if (run.finish().isPresent()) {
        runs.finished(run.runId(), new SweepRun.Finish(SweepRun.State.FAILED, now, "the final step did not finish"
            + " within " + DEADLINE.toHours() + " hours", run.finish().get().messageId()));
      } else {
        finalSteps.send(run.runId());
      }
      progress.accept("sweep run " + run.runId() + " closed: past its deadline");
    }
  }

  /**
   * The command line's run: start, {@code parallel} in-process workers until every subscription is swept,
   * then the final step.
   */
  public SweepReport run(List<Scope> requested, Optional<Baseline> baseline, int parallel, Duration lease,
      Duration pace, Consumer<String> progress) {
    return run(requested, baseline, parallel, lease, pace, progress, f -> { });
  }

  /**
   * @param each every open and resolved finding of the run, as each worker and the final step report it
   *     (from the workers' threads, one at a time): the report itself keeps only the most severe
   */
  public SweepReport run(List<Scope> requested, Optional<Baseline> baseline, int parallel, Duration lease,
      Duration pace, Consumer<String> progress, Consumer<Finding> each) {
    Instant startedAt = clock.instant();
    Started started = start(requested, baseline, pace, progress);
    String runId = started.run().runId();
    RunTally reports = new RunTally(started.problems(), each);
    ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
      Thread t = new Thread(r, "sweep-worker");
      t.setDaemon(true);
      return t;
    });
    AtomicInteger busy = new AtomicInteger();
    List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
    for (int i = 0; i < parallel; i++) {
      workers.add(pool.submit(() -> work(runId, lease, busy, reports, progress)));
    }
    pool.shutdown();
    try {
      while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
        // waiting for the workers
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pool.shutdownNow();
      throw new IllegalStateException("sweep run " + runId + " interrupted; run it again", e);
    }
    for (java.util.concurrent.Future<?> w : workers) {
      try {
        w.get();
      } catch (java.util.concurrent.ExecutionException e) {
        // A worker that died (out of memory, a bug) leaves its message to come back; here it is said.
        reports.gap("a worker of this process died: " + e.getCause() + "; what it held comes back to the queue"
            + " after " + lease.toSeconds() + " s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    SweepRun swept = runs.find(runId).orElse(started.run());
    long left = swept.subscriptions().values().stream().filter(s -> s.state() == SweepRun.State.PLANNED).count();
    if (left > 0) {
      reports.gap(left + " subscription(s) of run " + runId + " not swept: their messages are still queued on "
          + subscriptions.name() + "; run sweep again (with the same --store) to finish them");
    }
    Optional<SweepReport> last = finish(runId, baseline, lease, progress, each);
    last.ifPresent(reports::addCounted);
    return reports.report(startedAt, clock.instant(), runs.find(runId).orElse(started.run()), last);
  }

  /** One in-process worker: takes messages until the run is swept, or nothing has come for a whole lease. */
  private void work(String runId, Duration lease, AtomicInteger busy, RunTally reports,
      Consumer<String> progress) {
    Instant idleSince = clock.instant();
    while (true) {
      Optional<WorkQueue.Delivery> next = subscriptions.receive(lease);
      if (next.isEmpty()) {
        if (!runs.anyPlanned(runId)
            || (busy.get() == 0 && clock.instant().isAfter(idleSince.plus(lease).plusSeconds(5)))) {
          return;
        }
        pause(Duration.ofMillis(100));
        continue;
      }
      busy.incrementAndGet();
      WorkQueue.Delivery d = next.get();
      try {
        handle(d, reports, progress);
      } finally {
        busy.decrementAndGet();
        idleSince = clock.instant();
      }
    }
  }

  private void handle(WorkQueue.Delivery d, RunTally reports, Consumer<String> progress) {
    SubscriptionWork work;
    try {
      work = SubscriptionWork.parse(d.text());
    } catch (IllegalArgumentException e) {
      progress.accept("a message on " + subscriptions.name() + " is not a sweep work item (" + e.getMessage()
          + "): kept in the poison queue");
      subscriptions.poison(d);
      return;
    }
    try {
      workers.handle(work, d.dequeueCount(), progress).ifPresent(reports::add);
      subscriptions.delete(d);
    } catch (RuntimeException e) {
      if (d.dequeueCount() >= WorkQueue.MAX_DEQUEUE_COUNT) {
        progress.accept("given up after " + d.dequeueCount() + " deliveries: " + Text.clip(d.text()) + ": " + e);
        subscriptions.poison(d);
      } else {
        Duration pause = Duration.ofMillis(250L << Math.min(6, d.dequeueCount()));
        progress.accept("delivery " + d.dequeueCount() + " of " + Text.clip(d.text()) + " failed (" + e
            + "); retrying in " + pause.toMillis() + " ms");
        subscriptions.release(d, pause);
      }
    }
  }

  /** The final-step messages waiting, this run's among them; this run's step is run even if its message is not. */
  private Optional<SweepReport> finish(String runId, Optional<Baseline> baseline, Duration lease,
      Consumer<String> progress, Consumer<Finding> each) {
    Optional<SweepReport> ours = Optional.empty();
    for (Optional<WorkQueue.Delivery> d = finalSteps.receive(lease); d.isPresent(); d = finalSteps.receive(lease)) {
      String id;
      try {
        id = SweepRun.checkId(d.get().text());
      } catch (IllegalArgumentException e) {
        finalSteps.poison(d.get());
        continue;
      }
      Optional<SweepReport> report = finalStep.finish(id, d.get().messageId(), baseline, progress,
          id.equals(runId) ? each : f -> { });
      finalSteps.delete(d.get());
      if (id.equals(runId)) {
        ours = report;
      }
    }
    if (ours.isEmpty()) {
      ours = finalStep.finish(runId, "command-line-" + runId, baseline, progress, each);
    }
    return ours;
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
