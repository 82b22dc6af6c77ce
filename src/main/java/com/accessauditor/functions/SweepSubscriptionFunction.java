package com.accessauditor.functions;

import com.accessauditor.app.AuditorApp;
import com.accessauditor.sweep.SweepReport;
import com.accessauditor.sweep.WorkQueue;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A run's worker: one subscription per message of `sweep-subscriptions`. The host scales it out
 * (host.json `extensions.queues.batchSize` and `newBatchThreshold` bound the messages in flight per
 * instance); a failed message comes back after `visibilityTimeout` and, after `maxDequeueCount` (5)
 * deliveries, goes to `sweep-subscriptions-poison`, the fifth failure having marked the subscription FAILED
 * in the run record with why.
 */
public final class SweepSubscriptionFunction {
  private final Supplier<AuditorApp> app;

  public SweepSubscriptionFunction() {
    this(AppHolder::app);
  }

  SweepSubscriptionFunction(Supplier<AuditorApp> app) {
    this.app = app;
  }

  @FunctionName("sweepSubscription")
  public void run(
      @QueueTrigger(name = "message", queueName = WorkQueue.SUBSCRIPTIONS, connection = "AzureWebJobsStorage")
          String message,
      @BindingName("DequeueCount") String dequeueCount,
      ExecutionContext context) {
    FunctionLog log = new FunctionLog(context);
    Optional<SweepReport> report = app.get().sweepSubscription(message, deliveries(dequeueCount), log::info);
    report.ifPresent(r -> {
      log.info("sweep run " + r.run().runId() + ": " + r.scopes().get(0) + " " + r.run().subscription(
          r.scopes().get(0).subscriptionId().orElse("")).map(s -> s.state().name().toLowerCase(java.util.Locale.ROOT))
          .orElse("?") + " in " + r.took().toMillis() + " ms: " + r.assignments() + " assignment(s), "
          + r.open().size() + " open finding(s), " + r.opened() + " new or reopened, " + r.resolved().size()
          + " resolved");
      if (!r.complete()) {
        log.warning("sweep of " + r.scopes().get(0) + " incomplete; findings that depend on these were neither"
            + " raised nor resolved: " + String.join(" | ", r.gaps()));
      }
    });
  }

  /** The host's count of deliveries, this one included; unknown counts as the first. */
  static long deliveries(String dequeueCount) {
    try {
      return dequeueCount == null ? 1 : Long.parseLong(dequeueCount.strip());
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
