package com.accessauditor.memory;

import com.accessauditor.sweep.SweepRun;
import com.accessauditor.sweep.SweepRunStore;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemorySweepRunStore implements SweepRunStore {
  private final Map<String, SweepRun> runs = new ConcurrentHashMap<>();

  @Override
  public void plan(SweepRun run) {
    runs.put(run.runId(), run);
  }

  @Override
  public synchronized void mark(String runId, SweepRun.Subscription subscription) {
    SweepRun run = runs.get(runId);
    if (run == null) {
      throw new IllegalArgumentException("no sweep run " + runId);
    }
    Map<String, SweepRun.Subscription> subs = new HashMap<>(run.subscriptions());
    subs.put(subscription.subscriptionId(), subscription);
    runs.put(runId, run.with(subs, run.finish()));
  }

  @Override
  public synchronized boolean claimFinish(String runId, String messageId, java.time.Instant at) {
    SweepRun run = runs.get(runId);
    if (run == null) {
      return false;
    }
    if (run.finish().isPresent() && !run.finalStepRetakenBy(messageId)) {
      return false;
    }
    finished(runId, new SweepRun.Finish(SweepRun.State.PLANNED, at, "", messageId));
    return true;
  }

  @Override
  public synchronized void finished(String runId, SweepRun.Finish finish) {
    SweepRun run = runs.get(runId);
    if (run != null) {
      runs.put(runId, run.with(run.subscriptions(), Optional.of(finish)));
    }
  }

  @Override
  public Optional<SweepRun> find(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  @Override
  public Optional<SweepRun.Subscription> subscription(String runId, String subscriptionId) {
    return find(runId).flatMap(r -> r.subscription(subscriptionId));
  }

  @Override
  public boolean anyPlanned(String runId) {
    return find(runId).map(r -> !r.allSwept()).orElse(false);
  }

  @Override
  public Optional<SweepRun.Finish> finish(String runId) {
    return find(runId).flatMap(SweepRun::finish);
  }

  @Override
  public List<SweepRun> recent(int count) {
    return runs.values().stream().sorted(Comparator.comparing(SweepRun::plannedAt).reversed()).limit(count).toList();
  }

  @Override
  public int prune(java.time.Instant before) {
    List<String> old = runs.values().stream().filter(r -> r.plannedAt().isBefore(before)).map(SweepRun::runId).toList();
    old.forEach(runs::remove);
    return old.size();
  }
}
