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
  /** Slack's documented limits: a section's text, a header's text; a message holds at most 50 blocks. */
  static final int SLACK_SECTION = 3000;
  static final int SLACK_HEADER = 150;
  /** Teams refuses a message over about 28 KB; the card is built to stay under it. */
  static final int TEAMS_MAX_BYTES = 27 * 1024;
  private static final int TEAMS_TEXT = 8000;
  /** Lines a digest lists (Slack: a header, these and a "more" line stay under 50 blocks). */
  private static final int DIGEST_LINES = 45;

  private AlertPayloads() {}

  public static String headline(Alert a) {
    String prefix = switch (a.kind()) {
      case OPENED -> "";
      case REOPENED -> "Back again: ";
      case ESCALATED -> "Now " + a.finding().severity().label() + ": ";
      case RESOLVED -> "Resolved: ";
      case FOLLOW_UP -> "More from: ";
    };
    return prefix + a.finding().title();
  }

  /** Consequences listed in a message (the rest are counted, and in the findings table). */
  static final int CONSEQUENCES_SHOWN = 10;

  /** The consequences as lines ("- [high] title"), at most {@link #CONSEQUENCES_SHOWN}, or empty. */
  public static String consequenceLines(Alert a, int width) {
    if (a.consequences().isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(a.kind() == AlertKind.FOLLOW_UP ? "Since it was told, "
        : "Also caused by this, told here and not on their own: ").append(a.consequences().size())
        .append(a.kind() == AlertKind.FOLLOW_UP ? " more finding(s) follow from it:" : " finding(s):");
    a.consequences().stream().limit(CONSEQUENCES_SHOWN).forEach(c -> out.append("\n- [").append(c.severity())
        .append("] ").append(clip(c.title(), width, a.finding())));
    if (a.consequences().size() > CONSEQUENCES_SHOWN) {
      out.append("\n- and ").append(a.consequences().size() - CONSEQUENCES_SHOWN)
          .append(" more: access-auditor findings --group");
    }
    return out.toString();
  }

  /** The generic webhook: the finding with the table's field names, and the alert around it. */
  public static ObjectNode webhook(Alert a) {
    ObjectNode node = JSON.createObjectNode().put("type", "access-auditor.alert").put("alertId", a.id())
        .put("kind", a.kind().name()).put("headline", headline(a)).put("createdAt", a.createdAt().toString());
    node.set("finding", FindingExport.json(a.finding()));
    ArrayNode consequences = node.putArray("consequences");
    a.consequences().forEach(c -> consequences.addObject().put("fingerprint", c.fingerprint())
        .put("severity", c.severity()).put("title", c.title()));
    return node;
  }

  /** A Teams workflow webhook message carrying one Adaptive Card, within Teams' message size. */
  public static ObjectNode teams(Alert a) {
    ObjectNode message = teams(a, TEAMS_TEXT);
    for (int text = TEAMS_TEXT / 2; bytes(message) > TEAMS_MAX_BYTES && text >= 100; text /= 2) {
      message = teams(a, text); // escapes and non-ASCII text can make a clipped card still too large
    }
    return message;
  }

  private static ObjectNode teams(Alert a, int text) {
    Finding f = a.finding();
    ObjectNode card = card();
    ArrayNode body = card.putArray("body");
    body.addObject().put("type", "TextBlock").put("size", "Medium").put("weight", "Bolder").put("wrap", true)
        .put("text", clip(headline(a), Math.min(text, 1000), f));
    ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
    int fact = Math.min(text, 1000);
    fact(facts, "Severity", f.severity().label());
    fact(facts, "Kind", f.kind().name());
    fact(facts, "Scope", clip(f.scope(), fact, f));
    fact(facts, "Principal", clip(f.principalName().isBlank() ? f.principalId() : f.principalName() + " ("
        + f.principalId() + ")", fact, f));
    fact(facts, a.kind() == AlertKind.RESOLVED ? "Resolved" : "First seen",
        a.kind() == AlertKind.RESOLVED ? f.resolvedAt().map(Object::toString).orElse("") : f.firstSeen().toString());
    if (a.kind() != AlertKind.RESOLVED) {
      body.addObject().put("type", "TextBlock").put("wrap", true).put("text", clip(f.detail(), text, f));
      body.addObject().put("type", "TextBlock").put("wrap", true).put("fontType", "Monospace")
          .put("text", clip(f.remediation(), text, f));
    }
    if (!a.consequences().isEmpty()) {
      body.addObject().put("type", "TextBlock").put("wrap", true)
          .put("text", clip(consequenceLines(a, 300).replace("\n", "\n\n"), text, f));
    }
    return teamsMessage(card);
  }

  /** A Slack incoming-webhook message: text for notifications, blocks for the reader, within Slack's limits. */
  public static ObjectNode slack(Alert a) {
    Finding f = a.finding();
    ObjectNode message = JSON.createObjectNode().put("text",
        clip("[" + f.severity().label() + "] " + headline(a), SLACK_SECTION, f));
    ArrayNode blocks = message.putArray("blocks");
    blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text")
        .put("text", clip(headline(a), SLACK_HEADER, f));
    blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", clip(
        "*" + f.severity().label() + "* " + f.kind() + " at `" + f.scope() + "`"
            + (a.kind() == AlertKind.RESOLVED ? "" : "\n" + f.detail()), SLACK_SECTION, f));
    if (a.kind() != AlertKind.RESOLVED) {
      blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
          .put("text", "```" + clip(f.remediation(), SLACK_SECTION - 6, f) + "```");
    }
    if (!a.consequences().isEmpty()) {
      blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
          .put("text", clip(consequenceLines(a, 200), SLACK_SECTION, f));
    }
    return message;
  }

  private static void fact(ArrayNode facts, String title, String value) {
    facts.addObject().put("title", title).put("value", value);
  }

  /**
   * Cuts a text to a channel's limit, saying where the whole of it is; never splits a surrogate pair.
   *
   * @param f the finding whose row in the findings table holds the whole text
   */
  static String clip(String text, int max, Finding f) {
    if (text.length() <= max) {
      return text;
    }
    String tail = max < 500 ? "…"
        : "… (cut: the whole text is in the findings table, fingerprint " + f.fingerprint() + ")";
    int keep = Math.max(0, max - tail.length());
    if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
      keep--;
    }
    return (text.substring(0, keep) + tail).substring(0, Math.min(max, keep + tail.length()));
  }

  private static int bytes(ObjectNode node) {
    return node.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private static ObjectNode card() {
    return JSON.createObjectNode().put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
        .put("type", "AdaptiveCard").put("version", "1.4");
  }

  private static ObjectNode teamsMessage(ObjectNode card) {
    ObjectNode message = JSON.createObjectNode().put("type", "message");
    message.putArray("attachments").addObject().put("contentType", "application/vnd.microsoft.card.adaptive")
        .putNull("contentUrl").set("content", card);
    return message;
  }

  /** The generic webhook's digest: the alerts, each as {@link #webhook} would send it. */
  public static ObjectNode webhookDigest(java.util.List<Alert> alerts) {
    ObjectNode node = JSON.createObjectNode().put("type", "access-auditor.digest").put("count", alerts.size());
    ArrayNode items = node.putArray("alerts");
    alerts.forEach(a -> items.add(webhook(a)));
    return node;
  }

  /** One Adaptive Card listing each alert's severity and headline, most severe first (at most 45 of them). */
  public static ObjectNode teamsDigest(java.util.List<Alert> alerts) {
    ObjectNode card = card();
    ArrayNode body = card.putArray("body");
    body.addObject().put("type", "TextBlock").put("size", "Medium").put("weight", "Bolder").put("wrap", true)
        .put("text", "Access Auditor: " + alerts.size() + " finding change(s)");
    ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
    java.util.List<Alert> shown = sorted(alerts).stream().limit(DIGEST_LINES).toList();
    shown.forEach(a -> fact(facts, a.finding().severity().label(), clip(headline(a), 400, a.finding())));
    if (alerts.size() > shown.size()) {
      body.addObject().put("type", "TextBlock").put("wrap", true)
          .put("text", (alerts.size() - shown.size()) + " more: see the findings table");
    }
    return teamsMessage(card);
  }

  /** One Slack message: a header and a line per alert (at most 45 lines; Slack allows 50 blocks). */
  public static ObjectNode slackDigest(java.util.List<Alert> alerts) {
    ObjectNode message = JSON.createObjectNode().put("text", "Access Auditor: " + alerts.size()
        + " finding change(s)");
    ArrayNode blocks = message.putArray("blocks");
    blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text")
        .put("text", "Access Auditor: " + alerts.size() + " finding change(s)");
    java.util.List<Alert> shown = sorted(alerts).stream().limit(DIGEST_LINES).toList();
    shown.forEach(a -> blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
        .put("text", clip("*" + a.finding().severity().label() + "* " + headline(a), SLACK_SECTION, a.finding())));
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
