package com.accessauditor.alerts;

import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingExport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What an alert says, in each channel's shape: what changed and where, since when, why it matters, and the
 * commands that fix it (a resolved notice is short).
 */
public final class AlertPayloads {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AlertPayloads() {}

  public static String headline(Alert a) {
    String prefix = switch (a.kind()) {
      case OPENED -> "";
      case REOPENED -> "Back again: ";
      case ESCALATED -> "Now " + a.finding().severity().label() + ": ";
      case RESOLVED -> "Resolved: ";
    };
    return prefix + a.finding().title();
  }

  /** The generic webhook: the finding with the table's field names, and the alert around it. */
  public static ObjectNode webhook(Alert a) {
    ObjectNode node = JSON.createObjectNode().put("type", "access-auditor.alert").put("alertId", a.id())
        .put("kind", a.kind().name()).put("headline", headline(a)).put("createdAt", a.createdAt().toString());
    node.set("finding", FindingExport.json(a.finding()));
    return node;
  }

  /** A Teams workflow webhook message carrying one Adaptive Card. */
  public static ObjectNode teams(Alert a) {
    Finding f = a.finding();
    ObjectNode card = JSON.createObjectNode().put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
        .put("type", "AdaptiveCard").put("version", "1.4");
    ArrayNode body = card.putArray("body");
    body.addObject().put("type", "TextBlock").put("size", "Medium").put("weight", "Bolder").put("wrap", true)
        .put("text", headline(a));
    ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
    fact(facts, "Severity", f.severity().label());
    fact(facts, "Kind", f.kind().name());
    fact(facts, "Scope", f.scope());
    fact(facts, "Principal", f.principalName().isBlank() ? f.principalId() : f.principalName() + " (" + f.principalId()
        + ")");
    fact(facts, a.kind() == AlertKind.RESOLVED ? "Resolved" : "First seen",
        a.kind() == AlertKind.RESOLVED ? f.resolvedAt().map(Object::toString).orElse("") : f.firstSeen().toString());
    if (a.kind() != AlertKind.RESOLVED) {
      body.addObject().put("type", "TextBlock").put("wrap", true).put("text", f.detail());
      body.addObject().put("type", "TextBlock").put("wrap", true).put("fontType", "Monospace")
          .put("text", f.remediation());
    }
    ObjectNode message = JSON.createObjectNode().put("type", "message");
    message.putArray("attachments").addObject().put("contentType", "application/vnd.microsoft.card.adaptive")
        .putNull("contentUrl").set("content", card);
    return message;
  }

  /** A Slack incoming-webhook message: text for notifications, blocks for the reader. */
  public static ObjectNode slack(Alert a) {
    Finding f = a.finding();
    ObjectNode message = JSON.createObjectNode().put("text", "[" + f.severity().label() + "] " + headline(a));
    ArrayNode blocks = message.putArray("blocks");
    blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text")
        .put("text", clip(headline(a), 150));
    blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text",
        "*" + f.severity().label() + "* " + f.kind() + " at `" + f.scope() + "`"
            + (a.kind() == AlertKind.RESOLVED ? "" : "\n" + f.detail()));
    if (a.kind() != AlertKind.RESOLVED) {
      blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
          .put("text", clip("```" + f.remediation() + "```", 3000));
    }
    return message;
  }

  private static void fact(ArrayNode facts, String title, String value) {
    facts.addObject().put("title", title).put("value", value);
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  /** The generic webhook's digest: the alerts, each as {@link #webhook} would send it. */
  public static ObjectNode webhookDigest(java.util.List<Alert> alerts) {
    ObjectNode node = JSON.createObjectNode().put("type", "access-auditor.digest").put("count", alerts.size());
    ArrayNode items = node.putArray("alerts");
    alerts.forEach(a -> items.add(webhook(a)));
    return node;
  }

  /** One Adaptive Card listing each alert's severity and headline, most severe first. */
  public static ObjectNode teamsDigest(java.util.List<Alert> alerts) {
    ObjectNode card = JSON.createObjectNode().put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
        .put("type", "AdaptiveCard").put("version", "1.4");
    ArrayNode body = card.putArray("body");
    body.addObject().put("type", "TextBlock").put("size", "Medium").put("weight", "Bolder").put("wrap", true)
        .put("text", "Access Auditor: " + alerts.size() + " finding change(s)");
    ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
    sorted(alerts).forEach(a -> fact(facts, a.finding().severity().label(), headline(a)));
    ObjectNode message = JSON.createObjectNode().put("type", "message");
    message.putArray("attachments").addObject().put("contentType", "application/vnd.microsoft.card.adaptive")
        .putNull("contentUrl").set("content", card);
    return message;
  }

  /** One Slack message: a header and a line per alert (at most 45 lines; Slack allows 50 blocks). */
  public static ObjectNode slackDigest(java.util.List<Alert> alerts) {
    ObjectNode message = JSON.createObjectNode().put("text", "Access Auditor: " + alerts.size()
        + " finding change(s)");
    ArrayNode blocks = message.putArray("blocks");
    blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text")
        .put("text", "Access Auditor: " + alerts.size() + " finding change(s)");
    java.util.List<Alert> shown = sorted(alerts).stream().limit(45).toList();
    shown.forEach(a -> blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
        .put("text", clip("*" + a.finding().severity().label() + "* " + headline(a), 3000)));
    if (alerts.size() > shown.size()) {
      blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
          .put("text", (alerts.size() - shown.size()) + " more: see the findings table");
    }
    return message;
  }

  private static java.util.List<Alert> sorted(java.util.List<Alert> alerts) {
    return alerts.stream().sorted(java.util.Comparator.comparing((Alert a) -> a.finding().severity())).toList();
  }
}
