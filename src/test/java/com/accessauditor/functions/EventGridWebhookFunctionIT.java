package com.accessauditor.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Stores;
import com.accessauditor.app.Tenant;
import com.accessauditor.azure.TableStorage;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.Azurite;
import com.accessauditor.support.Resources;
import com.accessauditor.support.TestExecutionContext;
import com.accessauditor.support.TestHttpRequest;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plain webhook endpoint: both validation handshakes, a mixed batch, and a storage outage. */
class EventGridWebhookFunctionIT {
  private final SnapshotTenant tenant = SnapshotTenant.load(Resources.path("snapshots/owner-grant"));
  private final TableStorage tables = TableStorage.withConnectionString(Azurite.connectionString());
  private final TestExecutionContext context = new TestExecutionContext();
  private final EventGridWebhookFunction function =
      new EventGridWebhookFunction(() -> new AuditorApp(Tenant.of(tenant), Stores.of(tables), Clock.systemUTC()));

  @Test
  void eventGridSchemaValidationIsAnsweredWithTheValidationCode() {
    HttpResponseMessage response = function.run(
        TestHttpRequest.post(Resources.text("samples/eventgrid_SubscriptionValidationEvent_docs.json"),
            Map.of("aeg-event-type", "SubscriptionValidation")), context);

    assertThat(response.getStatus()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody())
        .isEqualTo("{\"validationResponse\":\"512d38b6-c7b8-40c8-89fe-f46f9e9622b6\"}");
  }

  @Test
  void cloudEventsAbuseProtectionRequestIsAllowedForTheAskingOrigin() {
    HttpResponseMessage response = function.run(new TestHttpRequest(HttpMethod.OPTIONS,
        Map.of("webhook-request-origin", "eventgrid.azure.net"), Map.of(), null), context);

    assertThat(response.getStatus()).isEqualTo(HttpStatus.OK);
    assertThat(response.getHeader("WebHook-Allowed-Origin")).isEqualTo("eventgrid.azure.net");
  }

  @Test
  void anOptionsRequestWithoutAnOriginIsRefused() {
    HttpResponseMessage response =
        function.run(new TestHttpRequest(HttpMethod.OPTIONS, Map.of(), Map.of(), null), context);

    assertThat(response.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) response.getBody()).contains("WebHook-Request-Origin");
  }

  @Test
  void aBatchWithOneBrokenEventRecordsTheGoodOneAndKeepsTheBrokenOneForReplay() {
    String good = Resources.text("events/roleAssignment_write_owner_at_subscription.json").strip();
    String batch = "[" + good.substring(1, good.length() - 1) + ", {\"id\": 42, \"eventType\": []}]";

    HttpResponseMessage response = function.run(TestHttpRequest.post(batch, Map.of()), context);

    assertThat(response.getStatus()).isEqualTo(HttpStatus.OK);
    assertThat((String) response.getBody()).contains("\"recorded\":1").contains("\"poisoned\":1");
    assertThat(tables.findings().list()).anySatisfy(f -> assertThat(f.kind()).isEqualTo(FindingKind.PRIVILEGED_GRANT));
    assertThat(tables.poison().list()).anySatisfy(p -> {
      assertThat(p.eventId()).isEqualTo("42");
      assertThat(p.reason()).contains("'eventType' must be a string");
    });
  }

  @Test
  void aStorageOutageAnswers503SoEventGridRedelivers() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    TableStorage unreachable = TableStorage.withConnectionString(
        Azurite.connectionString().replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:" + closedPort));
    EventGridWebhookFunction down = new EventGridWebhookFunction(
        () -> new AuditorApp(Tenant.of(tenant), Stores.of(unreachable), Clock.systemUTC()));

    HttpResponseMessage response = down.run(TestHttpRequest.post(
        Resources.text("events/roleAssignment_write_owner_at_subscription.json"), Map.of()), context);

    assertThat(response.getStatus()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(context.lines()).anySatisfy(l -> assertThat(l).startsWith("SEVERE"));
  }
}
