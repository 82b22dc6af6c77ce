package com.accessauditor.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.accessauditor.alerts.Alert;
import com.accessauditor.alerts.AlertChannel;
import com.accessauditor.alerts.AlertKind;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.FindingStatus;
import com.accessauditor.findings.Severity;
import com.accessauditor.support.LocalHttpsServer;
import com.accessauditor.support.LocalHttpsServer.Reply;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The Event Grid channel through the real publisher client against a local HTTPS topic endpoint. */
class EventGridChannelIT {
  private static final Instant T = Instant.parse("2026-11-23T08:00:00Z");
  private static final TokenCredential CREDENTIAL =
      r -> Mono.just(new AccessToken("test-token", OffsetDateTime.now().plusHours(1)));

  private static Alert alert(AlertKind kind) {
    Finding f = new Finding("fp", FindingKind.RECYCLED_IDENTITY, Severity.HIGH, FindingStatus.OPEN, "s",
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/func-orders", "p", "ServicePrincipal",
        "func-orders", "", "Identity of func-orders was recreated", "detail", "az role assignment create ...", T, T,
        Optional.empty(), FindingDraft.Source.SWEEP, List.of());
    return new Alert("alert-1", "eventgrid", kind, f, T, Alert.Status.PENDING, 0, T, Optional.empty());
  }

  @Test
  void alertsArePublishedAsCloudEventsWithTheAlertIdTypeAndFinding() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    try (LocalHttpsServer topic = new LocalHttpsServer()) {
      topic.compute("POST", "/api/events", body -> {
        bodies.add(body);
        return Reply.json(200, "");
      });
      EventGridChannel channel = EventGridChannel.connect("eventgrid", topic.url() + "api/events", CREDENTIAL,
          topic.clientTls());

      channel.send(alert(AlertKind.OPENED));
    }

    JsonNode events = new ObjectMapper().readTree(bodies.get(0));
    assertThat(events.isArray()).isTrue();
    JsonNode e = events.get(0);
    assertThat(e.get("specversion").asText()).isEqualTo("1.0");
    assertThat(e.get("id").asText()).isEqualTo("alert-1");
    assertThat(e.get("type").asText()).isEqualTo("AccessAuditor.Alert.Opened");
    assertThat(e.get("source").asText()).isEqualTo("/access-auditor");
    assertThat(e.get("subject").asText()).endsWith("/sites/func-orders");
    assertThat(e.get("data").get("finding").get("kind").asText()).isEqualTo("RECYCLED_IDENTITY");
  }

  @Test
  void aRefusingTopicIsADeliveryFailureNamingTheChannelNotTheEndpoint() throws Exception {
    try (LocalHttpsServer topic = new LocalHttpsServer()) {
      topic.always("POST", "/api/events", Reply.json(401, "{\"error\":{\"code\":\"Unauthorized\"}}"));
      EventGridChannel channel = EventGridChannel.connect("eventgrid", topic.url() + "api/events", CREDENTIAL,
          topic.clientTls());

      assertThatThrownBy(() -> channel.send(alert(AlertKind.RESOLVED)))
          .isInstanceOf(AlertChannel.DeliveryException.class)
          .hasMessageContaining("'eventgrid' answered HTTP 401")
          .hasMessageNotContaining(topic.url());
    }
  }
}
