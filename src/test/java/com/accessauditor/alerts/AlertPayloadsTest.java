package com.accessauditor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.FindingStatus;
import com.accessauditor.findings.Severity;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertPayloadsTest {
  private static final Instant T = Instant.parse("2026-11-23T08:00:00Z");
  private static final Finding FINDING = new Finding("fp", FindingKind.PRIVILEGED_GRANT, Severity.CRITICAL,
      FindingStatus.OPEN, "11111111-2222-3333-4444-555555555555", "/subscriptions/11111111-2222-3333-4444-555555555555",
      "3c2d1e0f-1111-4a4a-9b9b-0a0b0c0d0e01", "User", "Jordan Ops", "Owner", "Owner granted to User Jordan Ops",
      "Owner can grant any role.", "az role assignment delete --ids /subscriptions/x", T, T, Optional.empty(),
      FindingDraft.Source.EVENT, List.of("6d1f0a8e"));
  private static final Alert ALERT = new Alert("a1", "teams", AlertKind.OPENED, FINDING, T, Alert.Status.PENDING, 0, T,
      Optional.empty());

  @Test
  void teamsGetsOneAdaptiveCardWithTheFactsTheDetailAndTheFix() {
    JsonNode message = AlertPayloads.teams(ALERT);

    assertThat(message.get("type").asText()).isEqualTo("message");
    JsonNode attachment = message.get("attachments").get(0);
    assertThat(attachment.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
    JsonNode card = attachment.get("content");
    assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.get("version").asText()).isEqualTo("1.4");
    assertThat(card.get("body").get(0).get("text").asText()).isEqualTo("Owner granted to User Jordan Ops");
    assertThat(card.get("body").get(1).get("facts")).anySatisfy(f ->
        assertThat(f.get("value").asText()).isEqualTo("Jordan Ops (3c2d1e0f-1111-4a4a-9b9b-0a0b0c0d0e01)"));
    assertThat(card.get("body").get(3).get("text").asText()).startsWith("az role assignment delete");
  }

  @Test
  void slackGetsNotificationTextAndBlocksWithTheFixAsCode() {
    JsonNode message = AlertPayloads.slack(ALERT);

    assertThat(message.get("text").asText()).isEqualTo("[critical] Owner granted to User Jordan Ops");
    assertThat(message.get("blocks").get(0).get("type").asText()).isEqualTo("header");
    assertThat(message.get("blocks").get(2).get("text").get("text").asText())
        .startsWith("```az role assignment delete");
  }

  @Test
  void theWebhookCarriesTheFindingWithTheTableFieldNames() {
    JsonNode message = AlertPayloads.webhook(ALERT);

    assertThat(message.get("kind").asText()).isEqualTo("OPENED");
    assertThat(message.get("finding").get("principalId").asText()).isEqualTo("3c2d1e0f-1111-4a4a-9b9b-0a0b0c0d0e01");
    assertThat(message.get("finding").get("remediation").asText()).startsWith("az role assignment delete");
  }

  @Test
  void aResolvedNoticeIsShort() {
    Alert resolved = new Alert("a2", "slack", AlertKind.RESOLVED, FINDING, T, Alert.Status.PENDING, 0, T,
        Optional.empty());

    assertThat(AlertPayloads.slack(resolved).get("blocks")).hasSize(2);
    assertThat(AlertPayloads.headline(resolved)).startsWith("Resolved: ");
  }

  @Test
  void digestsListEachAlertMostSevereFirst() {
    Alert low = new Alert("a3", "teams", AlertKind.OPENED, FINDING.withStatus(FindingStatus.OPEN), T,
        Alert.Status.PENDING, 0, T, Optional.empty());
    JsonNode card = AlertPayloads.teamsDigest(List.of(low, ALERT)).get("attachments").get(0).get("content");
    assertThat(card.get("body").get(0).get("text").asText()).isEqualTo("Access Auditor: 2 finding change(s)");
    assertThat(card.get("body").get(1).get("facts")).hasSize(2);

    JsonNode slack = AlertPayloads.slackDigest(List.of(ALERT, low));
    assertThat(slack.get("blocks")).hasSize(3);
    assertThat(slack.get("blocks").get(1).get("text").get("text").asText()).startsWith("*critical* ");
  }

  @Test
  void aCustomRoleListing120ActionsStaysWithinSlacksAndTeamsLimitsAndSaysWhereTheWholeTextIs() {
    String actions = java.util.stream.IntStream.range(0, 120)
        .mapToObj(i -> "Microsoft.Compute/virtualMachines/extensions" + i + "/write").collect(
            java.util.stream.Collectors.joining(", "));
    Finding big = new Finding("fp-custom", FindingKind.CUSTOM_ROLE_CHANGED, Severity.HIGH, FindingStatus.OPEN,
        FINDING.subscriptionId(), FINDING.scope(), "", "", "", "Ops Operator", "Custom role Ops Operator now grants "
        + actions, "It now grants " + actions + " ügh ✓", "az role definition update --role-definition " + actions,
        T, T, Optional.empty(), FindingDraft.Source.EVENT, List.of());
    Alert alert = new Alert("a2", "slack", AlertKind.OPENED, big, T, Alert.Status.PENDING, 0, T, Optional.empty());

    JsonNode slack = AlertPayloads.slack(alert);
    assertThat(slack.get("text").asText()).hasSizeLessThanOrEqualTo(AlertPayloads.SLACK_SECTION);
    assertThat(slack.get("blocks").size()).isLessThanOrEqualTo(50);
    assertThat(slack.get("blocks").get(0).get("text").get("text").asText())
        .hasSizeLessThanOrEqualTo(AlertPayloads.SLACK_HEADER);
    slack.get("blocks").forEach(b -> assertThat(b.path("text").path("text").asText())
        .hasSizeLessThanOrEqualTo(AlertPayloads.SLACK_SECTION));
    assertThat(slack.get("blocks").get(1).get("text").get("text").asText()).contains("fingerprint fp-custom");
    assertThat(slack.get("blocks").get(2).get("text").get("text").asText()).startsWith("```").endsWith("```");

    JsonNode teams = AlertPayloads.teams(alert);
    assertThat(teams.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .hasSizeLessThanOrEqualTo(AlertPayloads.TEAMS_MAX_BYTES);
    assertThat(teams.toString()).contains("fingerprint fp-custom");
    List<Alert> many = java.util.stream.IntStream.range(0, 300).mapToObj(i -> alert).toList();
    assertThat(AlertPayloads.slackDigest(many).get("blocks").size()).isLessThanOrEqualTo(50);
    assertThat(AlertPayloads.teamsDigest(many).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .hasSizeLessThanOrEqualTo(AlertPayloads.TEAMS_MAX_BYTES);
  }
}
