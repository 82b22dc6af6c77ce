package com.accessauditor.cli;

import com.accessauditor.events.Change;
import com.accessauditor.events.EventResult;
import com.accessauditor.events.PoisonEvent;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingExport;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.Text;
import com.accessauditor.sweep.SweepReport;
import java.util.List;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;

/** Renders results for people (text) or for pipelines (one JSON object per line). */
final class Printer {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private final PrintWriter out;
  private final boolean json;
  private final ObjectMapper mapper = new ObjectMapper();

  Printer(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  boolean json() {
    return json;
  }

  void result(String file, EventResult r) {
    if (json) {
      ObjectNode node = mapper.createObjectNode()
          .put("type", "event").put("file", file).put("index", r.index() + 1).put("eventId", r.eventId())
          .put("status", r.status().name()).put("message", r.message());
      r.change().ifPresent(c -> node.put("complete", c.complete()));
      line(node);
      r.findings().forEach(this::finding);
      return;
    }
    out.printf("  event %d %-10s %s%n", r.index() + 1, r.status(), safe(r.message()));
    for (Finding f : r.findings()) {
      out.printf("      -> %s %s [%s]: %s%n", f.severity().label().toUpperCase(), f.kind(), f.status().label(),
          safe(f.title()));
    }
  }

  void finding(Finding f) {
    if (json) {
      ObjectNode node = mapper.createObjectNode().put("type", "finding");
      node.setAll(FindingExport.json(f));
      line(node);
      return;
    }
    out.printf("%n  [%s] %s  (%s, %s)%n", f.severity().label().toUpperCase(), safe(f.title()), f.kind(), f.status().label()
        + f.resolvedAt().map(t -> " " + TIME.format(t)).orElse(""));
    for (String line : f.detail().split("\n")) {
      out.printf("    %s%n", safe(line));
    }
    out.printf("    first seen %s, last seen %s%s%n", TIME.format(f.firstSeen()), TIME.format(f.lastSeen()),
        f.evidence().isEmpty() ? "" : ", evidence " + String.join(",", f.evidence()));
    if (f.status().label().equals("open")) {
      for (String line : f.remediation().split("\n")) {
        out.printf("    %s%n", safe(line));
      }
    }
  }

  /** One line per finding, for overviews. */
  void findingLine(Finding f) {
    if (json) {
      finding(f);
      return;
    }
    out.printf("  %-8s %-8s %-27s %s%s%n", f.severity().label(), f.status().label(), f.kind(), safe(f.title()),
        f.suppression().map(s -> " [" + safe(s.because()) + "]").orElse(""));
  }

  void change(Change c) {
    if (json) {
      line(mapper.createObjectNode()
          .put("type", "change").put("eventId", c.eventId()).put("eventTime", c.eventTime().toString())
          .put("kind", c.kind().name()).put("outcome", c.outcome().name()).put("resourceId", c.resourceId())
          .put("caller", c.caller().display()).put("callerIp", c.caller().ipAddress().orElse(null))
          .put("correlationId", c.correlationId()).put("complete", c.complete()).put("summary", c.summary()));
      return;
    }
    out.printf("  %s  %-30s %s%s%n", TIME.format(c.eventTime()), c.kind(), safe(c.summary()),
        c.caller().ipAddress().map(ip -> " [from " + safe(ip) + "]").orElse("")
            + (c.complete() ? "" : " (pending: " + safe(c.pendingReason().orElse("")) + ")"));
  }

  void poison(PoisonEvent p) {
    if (json) {
      line(mapper.createObjectNode().put("type", "poison").put("receiptId", p.receiptId()).put("eventId", p.eventId())
          .put("source", p.source()).put("reason", p.reason()).put("truncated", p.truncated()));
      return;
    }
    out.printf("  %s from %s: %s%n", p.eventId().isEmpty() ? "(no id)" : safe(p.eventId()), safe(p.source()),
        safe(p.reason()));
  }

  /** Sweep progress goes to stderr, so stdout stays the result (and valid JSON lines). */
  void progress(String line, PrintWriter err) {
    err.println("sweep: " + safe(line));
    err.flush();
  }

  void sweep(SweepReport report) {
    sweep(report, false);
  }

  /** @param streamed whether the findings were printed already, as they came (JSON lines of a run) */
  void sweep(SweepReport report, boolean streamed) {
    if (json) {
      if (!streamed) {
        report.open().forEach(this::finding);
        report.resolved().forEach(this::finding);
      }
      ObjectNode summary = mapper.createObjectNode().put("type", "summary")
          .put("startedAt", report.startedAt().toString()).put("tookMs", report.took().toMillis())
          .put("assignments", report.assignments()).put("apps", report.sites()).put("principals", report.principals())
          .put("open", report.openTotal()).put("suppressed", report.suppressedTotal()).put("opened", report.opened())
          .put("resolved", report.resolvedTotal())
          .put("complete", report.complete()).put("runId", report.run().runId());
      report.gaps().forEach(summary.putArray("gaps")::add);
      report.notes().forEach(summary.putArray("notes")::add);
      line(summary);
      return;
    }
    out.printf("%nSwept %d scope(s): %d role assignment(s), %d app(s), %d principal(s) in %.1f s (run %s)%n",
        report.scopes().size(), report.assignments(), report.sites(), report.principals(),
        report.took().toMillis() / 1000.0, report.run().runId());
    // What the run came to first: whoever reads a long run's output must not scroll to learn it was partial.
    out.printf("%d open finding(s), %d new or reopened, %d resolved%s.%n", report.openTotal(), report.opened(),
        report.resolvedTotal(), report.suppressedTotal() == 0 ? "" : "; " + report.suppressedTotal()
            + " suppressed, not counted as open (access-auditor findings --status suppressed)");
    if (!report.complete()) {
      out.printf("%nINCOMPLETE SWEEP: these could not be read; findings that depend on them were neither raised"
          + " nor resolved:%n");
      listed(report.gaps());
    }
    if (!report.notes().isEmpty()) {
      out.printf("%nNot read, as configured:%n");
      listed(report.notes());
    }
    for (Severity severity : Severity.values()) {
      List<Finding> group = report.open().stream().filter(f -> f.severity() == severity)
          .filter(f -> f.status() == com.accessauditor.findings.FindingStatus.OPEN).toList();
      int count = report.openBySeverity().getOrDefault(severity, 0);
      if (count == 0) {
        continue;
      }
      out.printf("%n== %s (%d)%n", severity.label().toUpperCase(), count);
      group.forEach(this::finding);
      if (group.size() < count) {
        out.printf("%n  ... and %d more %s finding(s); all are in the findings table: access-auditor findings"
            + " --status open --severity %s, with the same --store%n", count - group.size(), severity.label(),
            severity.label());
      }
    }
    if (report.resolvedTotal() > 0) {
      out.printf("%n== RESOLVED (%d)%n", report.resolvedTotal());
      report.resolved().forEach(f -> out.printf("  %s  (%s)%n", safe(f.title()), f.kind()));
      if (report.resolved().size() < report.resolvedTotal()) {
        out.printf("  ... and %d more: access-auditor findings --status resolved --since 1d, with the same --store%n",
            report.resolvedTotal() - report.resolved().size());
      }
    }
  }

  /** Lines shown in a list of gaps or notes; the rest are counted, all of them in --output json. */
  static final int LISTED = 20;

  private void listed(List<String> lines) {
    lines.stream().limit(LISTED).forEach(l -> out.printf("  - %s%n", safe(l)));
    if (lines.size() > LISTED) {
      out.printf("  ... and %,d more: --output json lists them all%n", lines.size() - LISTED);
    }
  }

  void heading(String text) {
    if (!json) {
      out.printf("%n== %s%n", text);
    }
  }

  void text(String text) {
    if (!json) {
      out.println(text);
    }
  }

  /** An untrusted value on one line, escapes shown rather than obeyed. */
  private static String safe(String value) {
    return Text.safe(value);
  }

  void line(ObjectNode node) {
    out.println(node.toString());
  }
}
