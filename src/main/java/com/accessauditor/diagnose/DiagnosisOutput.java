package com.accessauditor.diagnose;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** A diagnosis as on-call reads it: plain text for a terminal, JSON for tools, HTML for a browser. */
public final class DiagnosisOutput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DiagnosisOutput() {}

  public static String text(Diagnosis d) {
    StringBuilder out = new StringBuilder();
    AccessQuestion q = d.question();
    out.append(d.verdict()).append(": ").append(d.principal()).append('\n')
        .append("  action ").append(q.action()).append(" (").append(q.kind().name().toLowerCase(Locale.ROOT))
        .append(" plane)\n")
        .append("  scope  ").append(q.scope().value()).append('\n');
    q.error().ifPresent(e -> out.append("  from a pasted ").append(e.code()).append(" (").append(e.service())
        .append(")\n"));
    q.assumptions().forEach(a -> out.append("  assumed: ").append(a).append('\n'));
    out.append("  role assignments evaluated: ").append(d.assignmentsEvaluated()).append("\n\nWhy:\n");
    int n = 1;
    for (Reason r : d.reasons()) {
      out.append(String.format("%2d. [%s] %s%n", n++, label(r.kind()), r.text().replace("\n", "\n    ")));
    }
    if (d.reasons().isEmpty()) {
      out.append("  (nothing applies)\n");
    }
    if (!d.commands().isEmpty()) {
      out.append("\nFix:\n");
      d.commands().forEach(c -> out.append("  ").append(c).append('\n'));
    }
    return out.toString();
  }

  public static ObjectNode json(Diagnosis d) {
    AccessQuestion q = d.question();
    ObjectNode node = JSON.createObjectNode();
    node.put("verdict", d.verdict().name());
    node.put("principal", d.principal());
    node.put("principalId", d.principalId().orElse(null));
    node.put("scope", q.scope().value());
    node.put("action", q.action());
    node.put("actionKind", q.kind().name().toLowerCase(Locale.ROOT));
    q.error().ifPresent(e -> node.putObject("error").put("service", e.service().name()).put("code", e.code()));
    ArrayNode assumptions = node.putArray("assumptions");
    q.assumptions().forEach(assumptions::add);
    node.put("assignmentsEvaluated", d.assignmentsEvaluated());
    ArrayNode reasons = node.putArray("reasons");
    d.reasons().forEach(r -> reasons.addObject().put("kind", r.kind().name()).put("text", r.text()));
    ArrayNode commands = node.putArray("commands");
    d.commands().forEach(commands::add);
    return node;
  }

  /** A page that shows the diagnosis; every value is HTML-escaped (ids and messages come from the request). */
  public static String html(Diagnosis d) {
    return html(d, java.util.Map.of());
  }

  /** The diagnosis, and the form again with what was typed, to ask the next question. */
  public static String html(Diagnosis d, java.util.Map<String, String> typed) {
    return DiagnosisPage.answer(d, typed);
  }

  /** The form a browser gets without parameters, or with a problem to show above it. */
  public static String form(String problem) {
    return form(problem, java.util.Map.of());
  }

  /**
   * The form, filled with what was typed; a function key ("code") rides along as a hidden field, so that
   * submitting the form does not lose it.
   */
  public static String form(String problem, java.util.Map<String, String> typed) {
    return DiagnosisPage.ask(problem, typed);
  }

  static String escape(String s) {
    return com.accessauditor.model.HtmlPage.escape(s);
  }

  private static String label(Reason.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
