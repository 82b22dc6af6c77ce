package com.accessauditor.functions;

import com.accessauditor.app.AuditorApp;
import com.accessauditor.baseline.BaselineException;
import com.accessauditor.sweep.SweepRunner;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.util.function.Supplier;

/**
 * The scheduled sweep's start. The schedule is the app setting AUDITOR_SWEEP_SCHEDULE (NCRONTAB, default in
 * infra and local.settings.json: every 6 hours). It plans a run over AUDITOR_SCOPES (a management group
 * through the subscriptions below it) and queues one message per subscription on `sweep-subscriptions`,
 * which {@link SweepSubscriptionFunction} takes, scaled out by the host; {@link SweepFinalStepFunction} ends
 * the run. It reads no tenant data itself, so it finishes in seconds at any tenant size.
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
    FunctionLog log = new FunctionLog(context);
    if (timerInfo != null && timerInfo.contains("\"IsPastDue\":true")) {
      log.info("sweep is running late (past due); it covers everything since the last run");
    }
    SweepRunner.Started started;
    try {
      started = app.get().scheduledSweep(log::info);
    } catch (BaselineException | IllegalArgumentException e) {
      throw new IllegalStateException("Sweep not run: the baseline is unusable: " + e.getMessage(), e);
    }
    started.problems().forEach(p -> log.warning("sweep run " + started.run().runId() + ": " + p));
  }
}
