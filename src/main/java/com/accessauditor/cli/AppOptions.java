package com.accessauditor.cli;

import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Settings;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What makes a command's app: the functions' wiring from the same app settings, with `--snapshot`,
 * `--store` and `--no-alerts` as the command line's overrides.
 */
final class AppOptions extends TenantOptions {
  @Option(names = "--no-alerts",
      description = "Record findings without queueing alerts (as --alerts none).")
  boolean noAlerts;

  @Option(names = "--alerts", paramLabel = "outbox|console|none", defaultValue = "outbox",
      description = "outbox (default): alerts go to the outbox of --store for the channels the AUDITOR_ALERT_*"
          + " settings name, and the alert timer delivers them; console: delivered to this terminal when the command"
          + " ends (with --output json, one line each); none: findings are recorded and nobody is told.")
  String alerts;

  /** Whether the alerts this run raises are delivered here, to the terminal. */
  boolean toConsole() {
    return "console".equals(alerts) && !noAlerts;
  }

  /**
   * @param printer where --alerts console delivers
   * @throws IllegalArgumentException for a bad --store or --alerts
   * @throws IllegalStateException naming a malformed setting
   */
  AuditorApp app(List<String> problems, Printer printer) {
    if (!List.of("outbox", "console", "none").contains(alerts)) {
      throw new IllegalArgumentException("--alerts must be outbox, console or none, got: "
          + com.accessauditor.model.Text.clip(alerts));
    }
    if (toConsole()) {
      return AuditorApp.forCommandLine(Main.settings(), tenant(problems), stores(),
          com.accessauditor.app.Alerting.of(List.of(new ConsoleChannel(printer))));
    }
    return AuditorApp.forCommandLine(Main.settings(), tenant(problems), stores(), !noAlerts && !"none".equals(alerts));
  }

  /** With --alerts console: delivers what the run queued, to the terminal. */
  void deliver(AuditorApp app) {
    if (toConsole()) {
      delivered = java.util.Optional.of(app.alerts().deliverDue());
    }
  }

  private java.util.Optional<com.accessauditor.alerts.AlertDelivery.Report> delivered = java.util.Optional.empty();

  /** What became of the alerts this run raised, for the person who ran it. */
  String alertsLine(AuditorApp app) {
    if (noAlerts || "none".equals(alerts)) {
      return "alerts: off (" + (noAlerts ? "--no-alerts" : "--alerts none") + "): findings were recorded and nobody"
          + " was told";
    }
    if (toConsole()) {
      return delivered.map(r -> "alerts: " + r.sent() + " delivered to this terminal (--alerts console)"
          + Main.joinedLine(r)).orElse("alerts: " + app.alertsQueued() + " queued for this terminal");
    }
    if (app.alertChannels().isEmpty()) {
      return "alerts: none queued: no alert channel is configured (" + String.join(", ",
          Settings.ALERT_CHANNELS.keySet().stream().sorted().toList()) + " or " + Settings.ALERT_TOPIC + ")";
    }
    return "alerts: " + app.alertsQueued() + " queued in the outbox for " + String.join(", ", app.alertChannels())
        + (store.equals("memory") ? "; --store memory ends with this command, so they will not be delivered: use"
            + " --store azurite|URL" : "; the alert timer (deliverAlerts) delivers them");
  }
}
