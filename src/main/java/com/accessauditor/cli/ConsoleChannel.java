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
    if (printer.json()) {
      // One line per alert; consequences are the findings told with this one, not on their own.
      com.fasterxml.jackson.databind.node.ArrayNode consequences =
          com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
      alert.consequences().forEach(c -> consequences.add(c.fingerprint()));
      printer.line(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("type", "alert")
          .put("alertKind", alert.kind().name()).put("fingerprint", alert.finding().fingerprint())
          .put("severity", alert.finding().severity().label()).put("headline", AlertPayloads.headline(alert))
          .set("consequences", consequences));
      return;
    }
    String fix = alert.kind() == AlertKind.RESOLVED ? "" : "\n      fix: " + alert.finding().remediation()
        .lines().filter(l -> !l.startsWith("#")).findFirst().orElse("");
    String also = AlertPayloads.consequenceLines(alert, 80).lines().map(l -> "\n      " + l)
        .collect(java.util.stream.Collectors.joining());
    printer.text("  ALERT [" + alert.finding().severity().label() + "] " + AlertPayloads.headline(alert) + fix + also);
  }
}
