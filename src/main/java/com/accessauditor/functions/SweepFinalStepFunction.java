package com.accessauditor.functions;

import com.accessauditor.app.AuditorApp;
import com.accessauditor.baseline.BaselineException;
import com.accessauditor.sweep.SweepReport;
import com.accessauditor.sweep.WorkQueue;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A run's final step, asked for by the worker that swept its last subscription (or by the next timer, for a
 * run past its deadline): the detectors that look across subscriptions, over what the workers stored. Then
 * the alerts the run raised are delivered.
 */
public final class SweepFinalStepFunction {
  private final Supplier<AuditorApp> app;

  public SweepFinalStepFunction() {
    this(AppHolder::app);
  }

  SweepFinalStepFunction(Supplier<AuditorApp> app) {
    this.app = app;
  }

  @FunctionName("sweepFinalStep")
  public void run(
      @QueueTrigger(name = "message", queueName = WorkQueue.FINAL_STEPS, connection = "AzureWebJobsStorage")
          String message,
      @BindingName("Id") String messageId,
      ExecutionContext context) {
    FunctionLog log = new FunctionLog(context);
    Optional<SweepReport> report;
    try {
      report = app.get().finishRun(message, messageId == null ? "" : messageId, log::info);
    } catch (BaselineException e) {
      throw new IllegalStateException("Final step not run: the baseline is unusable: " + e.getMessage(), e);
    }
    report.ifPresent(r -> {
      log.info("sweep run " + r.run().runId() + " finished: " + r.run().subscriptions().size() + " subscription(s), "
          + r.open().size() + " open cross-subscription finding(s), " + r.opened() + " new or reopened, "
          + r.resolved().size() + " resolved");
      if (!r.run().complete()) {
        log.warning("sweep run " + r.run().runId() + " incomplete; findings that depend on these were neither"
            + " raised nor resolved: " + String.join(" | ", r.gaps()));
      }
      r.notes().forEach(n -> log.info("sweep run " + r.run().runId() + ", not read as configured: " + n));
    });
    AlertDeliveryFunction.report(app.get().alerts().deliverDue(), context);
  }
}
