package com.accessauditor.cli;

import com.accessauditor.alerts.Alert;
import com.accessauditor.alerts.AlertChannel;
import com.accessauditor.alerts.AlertKind;
import com.accessauditor.alerts.AlertPayloads;

/** The demo's alert channel: prints each delivered alert the way a chat message would read. */
final class ConsoleChannel implements AlertChannel {
  private final Printer printer;

  ConsoleChannel(Printer printer) {
    this.printer = printer;
  }

  @Override
  public String name() {
    return "console";
  }

  @Override
  public void send(Alert alert) {
    String fix = alert.kind() == AlertKind.RESOLVED ? "" : "\n      fix: " + alert.finding().remediation()
        .lines().filter(l -> !l.startsWith("#")).findFirst().orElse("");
    printer.text("  ALERT [" + alert.finding().severity().label() + "] " + AlertPayloads.headline(alert) + fix);
  }
}
