package com.accessauditor.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Stores;
import com.accessauditor.app.Tenant;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.Azurite;
import com.accessauditor.support.Resources;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken events, each in a batch beside a good one, through the real handler into Azurite
 * (whose key rules are Table Storage's): every bad event gets a result that says what is wrong or is
 * recorded safely, the good neighbour is always captured, nothing throws, and what is refused is kept.
 */
class BadEventCorpusIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUB = "/subscriptions/11111111-2222-3333-4444-555555555555";
  private static final String HOSTILE = "x' or PartitionKey ne '#?\\/%2F\u0001\u007f\u0085|union *; drop";
  private final String good = Resources.text("events/roleAssignment_write_owner_at_subscription.json").trim();
  private final SnapshotTenant tenant = SnapshotTenant.load(Resources.path("snapshots/owner-grant"));

  private AuditorApp freshApp() {
    return new AuditorApp(Tenant.of(tenant), Stores.of(Azurite.emptyAccount()), Clock.systemUTC());
  }

  /** The good event with one change made to a copy of it. */
  private String mutated(String id, Consumer<ObjectNode> change) {
    try {
      ObjectNode event = (ObjectNode) JSON.readTree(good).get(0).deepCopy();
      event.put("id", id);
      change.accept(event);
      return JSON.writeValueAsString(event);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, String> corpus() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("data is a string", mutated("bad-data", e -> e.put("data", "{\"operationName\":1}")));
    cases.put("eventTime is a number", mutated("bad-time", e -> e.put("eventTime", 1730538000)));
    cases.put("eventTime is not a time", mutated("bad-time-2", e -> e.put("eventTime", "yesterday")));
    cases.put("operationName is an array", mutated("bad-op",
        e -> ((ObjectNode) e.get("data")).putArray("operationName").add("x")));
    cases.put("resourceUri is an object", mutated("bad-uri",
        e -> ((ObjectNode) e.get("data")).putObject("resourceUri").put("a", 1)));
    cases.put("unknown event type", mutated("other-type", e -> e.put("eventType", "Microsoft.Storage.BlobCreated")));
    cases.put("an array of arrays", "[[1,2],[3]]");
    cases.put("event over 1 MB", mutated("huge", e -> e.put("padding", "x".repeat(1_100_000))));
    cases.put("hostile characters in the resource id", mutated("hostile-uri", e -> {
      String uri = SUB + "/providers/Microsoft.Authorization/roleAssignments/" + HOSTILE;
      e.put("subject", uri);
      ((ObjectNode) e.get("data")).put("resourceUri", uri);
    }));
    cases.put("hostile characters in the event id", mutated("ev'#?\\/\u0001" + HOSTILE, e -> { }));
    cases.put("a 5,000-character event id", mutated("i".repeat(5_000), e -> { }));
    cases.put("a 20,000-character resource id", mutated("long-uri", e -> {
      String uri = SUB + "/resourceGroups/" + "r".repeat(20_000)
          + "/providers/Microsoft.Authorization/roleAssignments/b0f43c54-e787-4862-89b1-a653fa9cf747";
      e.put("subject", uri);
      ((ObjectNode) e.get("data")).put("resourceUri", uri);
    }));
    cases.put("a delete of a 2,000-character resource id", mutated("long-delete", e -> {
      String uri = SUB + "/resourceGroups/" + "r".repeat(2_000)
          + "/providers/Microsoft.Authorization/roleAssignments/b0f43c54-e787-4862-89b1-a653fa9cf747";
      e.put("subject", uri);
      e.put("eventType", "Microsoft.Resources.ResourceDeleteSuccess");
      ((ObjectNode) e.get("data")).put("resourceUri", uri).put("operationName",
          "Microsoft.Authorization/roleAssignments/delete");
    }));
    cases.put("a caller name full of control characters", mutated("control-caller", e -> ((ObjectNode) e.get("data")
        .get("claims")).put("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "a\u0000b\u001bc\r\nd")));
    return cases;
  }

  @Test
  void everyBadEventIsAnsweredOrKeptAndItsGoodNeighbourIsCaptured() {
    corpus().forEach((name, bad) -> {
      AuditorApp app = freshApp();
      String batch = "[" + good.substring(1, good.length() - 1) + "," + (bad.startsWith("[") ? bad.substring(1,
          bad.length() - 1) : bad) + "]";

      List<EventResult> results;
      try {
        results = app.capture().handle(batch, name);
      } catch (RuntimeException e) {
        throw new AssertionError(name + ": " + e.getMessage(), e);
      }

      assertThat(results).as(name).isNotEmpty();
      assertThat(results.get(0).status()).as(name + ": the good event").isIn(EventResult.Status.RECORDED,
          EventResult.Status.DUPLICATE);
      for (EventResult r : results.subList(1, results.size())) {
        if (r.status() == EventResult.Status.POISONED) {
          assertThat(r.message()).as(name + ": says what is wrong").isNotBlank().hasSizeLessThan(500);
        }
      }
      long poisoned = results.stream().filter(r -> r.status() == EventResult.Status.POISONED).count();
      assertThat(app.stores().poison().list()).as(name + ": refused events are kept for replay").hasSize((int) poisoned);
    });
  }

  @Test
  void aBodyThatIsNotJsonIsKeptWholeSayingWhere() {
    for (String body : List.of(good.substring(0, good.length() / 2), "<xml>403</xml>", "")) {
      AuditorApp app = freshApp();

      List<EventResult> results = app.capture().handle(body, "body");

      assertThat(results).singleElement().satisfies(r -> {
        assertThat(r.status()).isEqualTo(EventResult.Status.POISONED);
        assertThat(r.message()).containsAnyOf("not valid JSON", "empty");
      });
      assertThat(app.stores().poison().list()).singleElement().satisfies(p -> assertThat(p.raw()).isEqualTo(body));
    }
  }
}
