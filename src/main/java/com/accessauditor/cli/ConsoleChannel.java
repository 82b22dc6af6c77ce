package com.accessauditor.cli;

import com.accessauditor.alerts.Alert;
import com.accessauditor.alerts.AlertChannel;
import com.accessauditor.alerts.AlertKind;
import com.accessauditor.alerts.AlertPayloads;

/** The demo's alert channel: prints each delivered alert the way a chat message would read. */
final class ConsoleChannel implements AlertChannel {
  /** Lines of a fix shown under an alert; the finding has the rest. */
  private static final int FIX_LINES = 8;
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
    String fix = alert.kind() == AlertKind.RESOLVED ? "" : fix(alert.finding().remediation());
    String also = AlertPayloads.consequenceLines(alert, 400).lines().map(l -> "\n      " + l)
        .collect(java.util.stream.Collectors.joining());
    printer.text("  ALERT [" + alert.finding().severity().label() + "] " + AlertPayloads.headline(alert) + fix + also);
  }

  /** The whole fix, comments and all, as it pastes: a one-line fix beside "fix:", a longer one under it. */
  static String fix(String remediation) {
    java.util.List<String> lines = remediation.lines().filter(l -> !l.isBlank()).toList();
    if (lines.isEmpty()) {
      return "";
    }
    if (lines.size() == 1) {
      return "\n      fix: " + lines.get(0);
    }
    StringBuilder out = new StringBuilder("\n      fix:");
    lines.stream().limit(FIX_LINES).forEach(l -> out.append("\n        ").append(l));
    if (lines.size() > FIX_LINES) {
      out.append("\n        # … and ").append(lines.size() - FIX_LINES)
          .append(" more line(s): access-auditor findings --output json has the whole fix");
    }
    return out.toString();
  }
}
