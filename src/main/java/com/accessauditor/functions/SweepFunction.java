package com.accessauditor.functions;

import com.accessauditor.app.AuditorApp;
import com.accessauditor.baseline.BaselineException;
import com.accessauditor.sweep.SweepReport;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.util.function.Supplier;

/**
 * The scheduled sweep. The schedule is the app setting AUDITOR_SWEEP_SCHEDULE (NCRONTAB, default in infra and
 * local.settings.json: every 6 hours). The host runs one instance at a time and does not retry a failed
 * run; every write is an upsert, so the next run simply does the work again.
 */
public final class SweepFunction {
  private final Supplier<AuditorApp> app;

  public SweepFunction() {
    this(AppHolder::app);
  }

  SweepFunction(Supplier<AuditorApp> app) {
    this.app = app;
  }

  @FunctionName("sweep")
  public void run(
      @TimerTrigger(name = "timer", schedule = "%AUDITOR_SWEEP_SCHEDULE%") String timerInfo,
      ExecutionContext context) {
    if (timerInfo != null && timerInfo.contains("\"IsPastDue\":true")) {
      new FunctionLog(context).info("sweep is running late (past due); it covers everything since the last run");
    }
    SweepReport report;
    try {
      report = app.get().scheduledSweep(new FunctionLog(context)::info);
    } catch (BaselineException e) {
      throw new IllegalStateException("Sweep not run: the baseline is unusable: " + e.getMessage(), e);
    }
    new FunctionLog(context).info("sweep run " + report.run().runId() + " finished in " + report.took().toMillis() + " ms: " + report.assignments()
        + " assignment(s), " + report.open().size() + " open finding(s), " + report.opened() + " new or reopened, "
        + report.resolved().size() + " resolved");
    AlertDeliveryFunction.report(app.get().alerts().deliverDue(), context);
    if (!report.complete()) {
      new FunctionLog(context).warning("sweep incomplete; findings that depend on these were neither raised nor resolved: "
          + String.join(" | ", report.gaps()));
    }
  }
}
