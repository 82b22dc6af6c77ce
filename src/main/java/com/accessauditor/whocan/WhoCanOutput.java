package com.accessauditor.whocan;

import com.accessauditor.findings.FindingExport;
import com.accessauditor.model.Text;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/** A who-can answer as people read it (a table that fits 100 columns), as JSON lines, or as CSV. */
public final class WhoCanOutput {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Rows a terminal shows; JSON and CSV list everyone. */
  static final int SHOWN = 50;
  private static final int WIDTH = 100;

  private WhoCanOutput() {}

  public static String text(WhoCanAnswer a) {
    StringBuilder out = new StringBuilder();
    WhoCanQuestion q = a.question();
    out.append(wrap("Who can " + q.action() + " (" + q.kind().name().toLowerCase(Locale.ROOT) + " plane) at "
        + q.scope().describe() + ": " + a.holders().size() + " principal(s)"
        + (q.includePaths() ? ", acting as identities included" : ""), "  "));
    if (!a.complete()) {
      out.append("INCOMPLETE: some could not be read; whoever those reads would add is not listed:\n");
      a.gaps().forEach(g -> out.append(wrap("  - " + g, "    ")));
    }
    if (!a.holders().isEmpty()) {
      out.append(String.format("%n  %-10s %-16s %s%n", "HOW", "TYPE", "NAME (ID), then the grant or path it rests on"));
    }
    List<Holder> shown = a.holders().stream().limit(SHOWN).toList();
    for (Holder h : shown) {
      String id = h.principalId().value();
      String name = h.principalName().isBlank() ? "(no name)" : h.principalName();
      out.append(clip(String.format("  %-10s %-16s %s (%s…%s)", h.how().label() + (h.conditional() ? "?" : ""),
          clip(h.principalType(), 16), name, id.substring(0, 4), id.substring(id.length() - 4)), WIDTH)).append('\n');
      out.append(wrap("             " + h.via().get(0) + (h.via().size() > 1 ? " (and " + (h.via().size() - 1)
          + " more way(s) in: --output json)" : ""), "               "));
    }
    if (a.holders().size() > SHOWN) {
      out.append("  … and ").append(String.format("%,d", a.holders().size() - SHOWN))
          .append(" more: --output json or csv lists them all\n");
    }
    if (a.holders().stream().anyMatch(Holder::conditional)) {
      out.append("  ? every way in has a condition, evaluated per request: possible, not certain\n");
    }
    if (!a.notes().isEmpty()) {
      out.append("\nNote:\n");
      a.notes().forEach(n -> out.append(wrap("  - " + n, "    ")));
    }
    return out.toString();
  }

  /** One object per line: the holders, then one summary line saying whether the answer is complete. */
  public static String jsonLines(WhoCanAnswer a) {
    StringBuilder out = new StringBuilder();
    for (Holder h : a.holders()) {
      out.append(json(h)).append('\n');
    }
    ObjectNode summary = JSON.createObjectNode().put("type", "summary").put("scope", a.question().scope().value())
        .put("action", a.question().action()).put("principals", a.holders().size()).put("complete", a.complete());
    strings(summary.putArray("gaps"), a.gaps());
    strings(summary.putArray("notes"), a.notes());
    return out.append(summary).append('\n').toString();
  }

  public static ObjectNode json(Holder h) {
    ObjectNode o = JSON.createObjectNode().put("type", "principal").put("principalId", h.principalId().value())
        .put("principalName", h.principalName()).put("principalType", h.principalType()).put("how", h.how().label())
        .put("conditional", h.conditional());
    strings(o.putArray("via"), h.via());
    return o;
  }

  /** The whole answer as one JSON document, for the HTTP function. */
  public static ObjectNode document(WhoCanAnswer a) {
    ObjectNode o = JSON.createObjectNode().put("scope", a.question().scope().value()).put("action", a.question().action())
        .put("complete", a.complete());
    ArrayNode holders = o.putArray("principals");
    a.holders().forEach(h -> holders.add(json(h)));
    strings(o.putArray("gaps"), a.gaps());
    strings(o.putArray("notes"), a.notes());
    return o;
  }

  public static String csv(WhoCanAnswer a) {
    StringBuilder out = new StringBuilder("principalId,principalName,principalType,how,conditional,via\r\n");
    for (Holder h : a.holders()) {
      out.append(String.join(",", FindingExport.cell(h.principalId().value()), FindingExport.cell(h.principalName()),
          FindingExport.cell(h.principalType()), h.how().label(), String.valueOf(h.conditional()),
          FindingExport.cell(String.join("; ", h.via())))).append("\r\n");
    }
    return out.toString();
  }

  private static void strings(ArrayNode into, List<String> values) {
    values.forEach(into::add);
  }

  private static String clip(String value, int width) {
    String safe = Text.safe(value);
    return safe.length() <= width ? safe : safe.substring(0, width - 1) + "…";
  }

  /**
   * Prose wrapped at the terminal's width between words, continuation lines indented; a word longer than a
   * line (a URL, an id) stays whole, so it can be copied.
   */
  private static String wrap(String line, String indent) {
    StringBuilder out = new StringBuilder();
    String rest = Text.safe(line);
    while (rest.length() > WIDTH) {
      int cut = rest.lastIndexOf(' ', WIDTH);
      if (cut <= indent.length()) {
        cut = rest.indexOf(' ', WIDTH);
        if (cut < 0) {
          break;
        }
      }
      out.append(rest, 0, cut).append('\n');
      rest = indent + rest.substring(cut).stripLeading();
    }
    return out.append(rest).append('\n').toString();
  }
}
