package com.accessauditor.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.support.Resources;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventParserTest {
  private final EventParser parser = new EventParser();

  @Test
  void readsTheRoleAssignmentWriteEventWithTheCallerFromClaims() {
    List<ParsedEvent> parsed = parser.parse(Resources.text("samples/SYNTHETIC_eventgrid_roleAssignment_write.json"));

    assertThat(parsed).hasSize(1);
    ResourceEvent e = ((ParsedEvent.Resource) parsed.get(0)).event();
    assertThat(e.eventId()).isEqualTo("6d1f0a8e-3b4c-4f2a-9e7d-0c1b2a3d4e5f");
    assertThat(e.schema()).isEqualTo(ResourceEvent.EventSchema.EVENT_GRID);
    assertThat(e.operationName()).isEqualTo("Microsoft.Authorization/roleAssignments/write");
    assertThat(e.resourceUri()).endsWith("/roleAssignments/b0f43c54-e787-4862-89b1-a653fa9cf747");
    assertThat(e.eventTime()).isEqualTo(Instant.parse("2024-05-01T10:15:30.1234567Z"));
    assertThat(e.correlationId()).isEqualTo("0c808bf1-beec-4a23-88d7-ed1a5adcbee6");
    assertThat(e.caller().upn()).contains("admin@contoso.com");
    assertThat(e.caller().objectId()).contains("f7202482-ee08-4d1c-8665-1b25942e1c59");
    assertThat(e.caller().appId()).contains("c44b4083-3bb0-49c1-b47d-974e53cbdf3c");
    assertThat(e.caller().identityType()).contains("user");
  }

  @Test
  void readsTheDocumentedWriteAndDeleteEventsIncludingTheClientIp() {
    ResourceEvent write = single("samples/eventgrid_subscription_ResourceWriteSuccess_docs.json");
    ResourceEvent delete = single("samples/eventgrid_subscription_ResourceDeleteSuccess_docs.json");

    assertThat(write.operationName()).isEqualTo("Microsoft.Storage/storageAccounts/write");
    assertThat(write.caller().ipAddress()).contains("{IP-address}");
    assertThat(delete.eventType()).isEqualTo("Microsoft.Resources.ResourceDeleteSuccess");
    assertThat(delete.caller().upn()).contains("{user-name}");
  }

  @Test
  void decodesAuthorizationClaimsAndHttpRequestSentAsJsonStrings() {
    ResourceEvent e = single("events/delete_with_string_encoded_fields.json");

    assertThat(e.caller().upn()).contains("{user-name}");
    assertThat(e.caller().ipAddress()).contains("{IP-address}");
  }

  @Test
  void readsCloudEventsWithTheSameMeaning() {
    String cloudEvent = """
        {"specversion":"1.0","type":"Microsoft.Resources.ResourceWriteSuccess","source":"/subscriptions/s1",
         "subject":"/subscriptions/s1/providers/Microsoft.Authorization/roleAssignments/r1","id":"ce-1",
         "time":"2026-11-02T09:00:00Z",
         "data":{"operationName":"Microsoft.Authorization/roleAssignments/write",
                 "resourceUri":"/subscriptions/s1/providers/Microsoft.Authorization/roleAssignments/r1",
                 "claims":"{\\"upn\\":\\"ops@contoso.com\\"}"}}""";

    ResourceEvent e = ((ParsedEvent.Resource) parser.parse(cloudEvent).get(0)).event();

    assertThat(e.schema()).isEqualTo(ResourceEvent.EventSchema.CLOUD_EVENTS);
    assertThat(e.eventId()).isEqualTo("ce-1");
    assertThat(e.caller().upn()).contains("ops@contoso.com");
  }

  @Test
  void recognisesTheSubscriptionValidationHandshake() {
    ParsedEvent p = parser.parse(Resources.text("samples/eventgrid_SubscriptionValidationEvent_docs.json")).get(0);

    assertThat(p).isInstanceOf(ParsedEvent.Validation.class);
    assertThat(((ParsedEvent.Validation) p).validationCode()).isEqualTo("512d38b6-c7b8-40c8-89fe-f46f9e9622b6");
  }

  @Test
  void treatsOtherEventTypesAsNotOursRatherThanBroken() {
    String blob = """
        {"id":"b1","eventType":"Microsoft.Storage.BlobCreated","subject":"/x","eventTime":"2026-01-01T00:00:00Z",
         "data":{},"dataVersion":""}""";

    assertThat(parser.parse(blob).get(0)).isInstanceOf(ParsedEvent.Other.class);
  }

  @Test
  void namesWhatIsWrongWithEachBrokenEventAndKeepsItsNeighbours() {
    String good = Resources.text("samples/SYNTHETIC_eventgrid_roleAssignment_write.json").trim();
    good = good.substring(1, good.length() - 1);
    String batch = "[" + good + ","
        + "{\"id\":\"x1\",\"eventType\":\"Microsoft.Resources.ResourceWriteSuccess\",\"eventTime\":\"2026-01-01T00:00:00Z\","
        + "\"data\":{\"resourceUri\":\"/subscriptions/s\"}},"
        + "{\"id\":\"x2\",\"eventType\":\"Microsoft.Resources.ResourceWriteSuccess\",\"eventTime\":\"yesterday\","
        + "\"data\":{}},"
        + "{\"id\":\"x3\",\"eventType\":42},"
        + "{\"id\":\"x4\",\"eventType\":\"Microsoft.Resources.ResourceWriteSuccess\",\"eventTime\":\"2026-01-01T00:00:00Z\","
        + "\"data\":{\"operationName\":\"a/b/write\",\"resourceUri\":\"/s\",\"claims\":[1,2]}},"
        + "\"just a string\","
        + "{\"hello\":\"world\"}]";

    List<ParsedEvent> parsed = parser.parse(batch);

    assertThat(parsed).hasSize(7);
    assertThat(parsed.get(0)).isInstanceOf(ParsedEvent.Resource.class);
    assertThat(reason(parsed.get(1))).isEqualTo("missing 'data.operationName'");
    assertThat(reason(parsed.get(2))).isEqualTo("'eventTime' is not an ISO-8601 time: yesterday");
    assertThat(reason(parsed.get(3))).isEqualTo("'eventType' must be a string, got number");
    assertThat(reason(parsed.get(4))).isEqualTo("'data.claims' must be an object or a JSON string, got array");
    assertThat(reason(parsed.get(5))).isEqualTo("expected a JSON object, got string");
    assertThat(reason(parsed.get(6))).contains("neither an Event Grid event");
    assertThat(((ParsedEvent.Malformed) parsed.get(1)).eventId()).isEqualTo("x1");
  }

  @Test
  void reportsTruncatedJsonWithItsPosition() {
    ParsedEvent p = parser.parse("[{\"id\":\"a\",\"eventType\":").get(0);

    assertThat(reason(p)).startsWith("not valid JSON").contains("line 1");
  }

  @Test
  void refusesAnEventOverEventGridsOneMegabyteLimit() {
    String huge = "x".repeat(EventParser.MAX_EVENT_BYTES);
    String event = "{\"id\":\"big\",\"eventType\":\"Microsoft.Resources.ResourceWriteSuccess\",\"subject\":\"" + huge
        + "\",\"eventTime\":\"2026-01-01T00:00:00Z\",\"data\":{}}";

    assertThat(reason(parser.parse(event).get(0))).contains("over Event Grid's 1 MB limit");
  }

  private ResourceEvent single(String resource) {
    List<ParsedEvent> parsed = parser.parse(Resources.text(resource));
    assertThat(parsed).hasSize(1).first().isInstanceOf(ParsedEvent.Resource.class);
    return ((ParsedEvent.Resource) parsed.get(0)).event();
  }

  private static String reason(ParsedEvent p) {
    assertThat(p).isInstanceOf(ParsedEvent.Malformed.class);
    return ((ParsedEvent.Malformed) p).reason();
  }
}
