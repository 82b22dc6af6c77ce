package com.accessauditor.sweep;

import com.accessauditor.detect.Facet;
import com.accessauditor.inventory.InventoryStore;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.model.RoleAssignment;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The final step's walk over the run's subscriptions, in order, with the next few subscriptions' rows
 * (their inventory and the directory's answers for them) read while the current one is judged: the walk
 * waits on Table Storage round trips, not on its own work, so a few reads in flight make it that much
 * shorter. It holds {@link #AHEAD} subscriptions' rows at most, never the tenant's.
 */
final class SubscriptionRowsAhead implements Iterator<SubscriptionRowsAhead.Rows>, AutoCloseable {
  /** Subscriptions read ahead: about 4 MB of rows each at 4,000 assignments. */
  static final int AHEAD = 3;

  /**
   * @param assignments its live assignments from the inventory; empty when its worker could not list them
   */
  record Rows(StagedSubscription subscription, DirectoryAnswers answers, Optional<List<RoleAssignment>> assignments) {}

  private final Iterator<StagedSubscription> order;
  private final String runId;
  private final InventoryStore inventory;
  private final SweepStage stage;
  private final ExecutorService readers = Executors.newFixedThreadPool(AHEAD, r -> {
    Thread t = new Thread(r, "final-step-reader");
    t.setDaemon(true);
    return t;
  });
  private final Deque<CompletableFuture<Rows>> ahead = new ArrayDeque<>();

  SubscriptionRowsAhead(List<StagedSubscription> subscriptions, String runId, InventoryStore inventory,
      SweepStage stage) {
    this.order = subscriptions.iterator();
    this.runId = runId;
    this.inventory = inventory;
    this.stage = stage;
    fill();
  }

  @Override
  public boolean hasNext() {
    return !ahead.isEmpty();
  }

  /** @throws RuntimeException as the read threw it (Table Storage unavailable, say) */
  @Override
  public Rows next() {
    CompletableFuture<Rows> first = ahead.removeFirst();
    fill();
    try {
      return first.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private void fill() {
    while (ahead.size() < AHEAD && order.hasNext()) {
      StagedSubscription s = order.next();
      ahead.addLast(CompletableFuture.supplyAsync(() -> read(s), readers));
    }
  }

  private Rows read(StagedSubscription s) {
    DirectoryAnswers answers = stage.principals(runId, s.subscriptionId());
    Optional<List<RoleAssignment>> assignments = s.notRead().contains(Facet.ROLE_ASSIGNMENTS) ? Optional.empty()
        : Optional.of(inventory.assignmentsIn(s.subscriptionId()).stream().filter(k -> !k.deleted())
            .map(KnownAssignment::grant).flatMap(Optional::stream).toList());
    return new Rows(s, answers, assignments);
  }

  @Override
  public void close() {
    readers.shutdownNow();
  }
}
