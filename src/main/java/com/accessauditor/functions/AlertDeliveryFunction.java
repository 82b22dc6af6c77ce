package com.accessauditor.functions;

import com.accessauditor.alerts.Alert;
import com.accessauditor.alerts.AlertDelivery;
import com.accessauditor.app.AuditorApp;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.util.function.Supplier;

/**
 * Drains the alert outbox every minute: alerts written by the event path and the sweep are sent, failed
 * ones are retried with backoff, and a channel that keeps failing is reported here (as a warning for the
 * app's monitoring) rather than retried forever.
 */
public final class AlertDeliveryFunction {
  private final Supplier<AuditorApp> app;

  public AlertDeliveryFunction() {
    this(AppHolder::app);
  }

  AlertDeliveryFunction(Supplier<AuditorApp> app) {
    this.app = app;
  }

  @FunctionName("deliverAlerts")
  public void run(@TimerTrigger(name = "timer", schedule = "0 */1 * * * *") String timerInfo,
      ExecutionContext context) {
    report(app.get().alerts().deliverDue(), context);
  }

  static void report(AlertDelivery.Report report, ExecutionContext context) {
    if (report.sent() + report.retrying() + report.gaveUp().size() > 0) {
      new FunctionLog(context).info("alerts: " + report.sent() + " sent, " + report.retrying() + " to retry, "
          + report.joined() + " told with their root cause, " + report.held() + " waiting for it");
    }
    if (!report.failingChannels().isEmpty()) {
      new FunctionLog(context).warning("alert channel(s) failing: " + report.failingChannels());
    }
    for (Alert a : report.gaveUp()) {
      new FunctionLog(context).severe("alert " + a.id() + " for '" + a.finding().title() + "' given up on channel '"
          + a.channel() + "' after " + a.attempts() + " attempt(s): " + a.lastError().orElse(""));
    }
  }
}
