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
      description = "Record findings without queueing alerts. By default alerts go to the outbox of --store for"
          + " the channels the AUDITOR_ALERT_* settings name, and the alert timer delivers them.")
  boolean noAlerts;

  /**
   * @throws IllegalArgumentException for a bad --store
   * @throws IllegalStateException naming a malformed setting
   */
  AuditorApp app(List<String> problems) {
    return AuditorApp.forCommandLine(Main.settings(), tenant(problems), stores(), !noAlerts);
  }

  /** What became of the alerts this run raised, for the person who ran it. */
  String alertsLine(AuditorApp app) {
    if (noAlerts) {
      return "alerts: off (--no-alerts): findings were recorded and nobody was told";
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
