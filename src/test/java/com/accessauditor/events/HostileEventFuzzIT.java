package com.accessauditor.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.accessauditor.azure.StorageAccount;
import com.accessauditor.model.Text;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.Azurite;
import com.accessauditor.support.Resources;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile events, with a fixed seed, through the real parser and handlers into Azurite: each is
 * recorded, ignored or kept as poison with a reason, never a crash or a failed table write, and the good
 * event delivered beside it is always recorded.
 */
class HostileEventFuzzIT {
  private static final long SEED = 20261201L;
  private static final int ROUNDS = 240;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> SEEDS = List.of("events/roleAssignment_write_owner_at_subscription.json",
      "events/delete_with_string_encoded_fields.json", "samples/eventgrid_subscription_ResourceWriteSuccess_docs.json",
      "samples/eventgrid_subscription_ResourceDeleteSuccess_docs.json");
  private static final String[] HOSTILE_TEXT = {
      "\u001b[2J\u001b[H", "line\r\nINFO forged entry", "\u0000\u0007\u009b31m", "\u202egnp.exe", "\ud800",
      "x\udc00y", "'; DROP TABLE findings; --", "%00%0a", "Microsoft.Authorization/" + "*a".repeat(40) + "b",
      "/subscriptions/" + "*/".repeat(1500), "a/" + "*/".repeat(2048), "https://evil.example/?code=x"};

  private final StorageAccount tables = Azurite.emptyAccount();
  private final SnapshotTenant tenant = SnapshotTenant.load(Resources.path("snapshots/owner-grant"));
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);
  private final EventCaptureService service = new EventCaptureService(tenant, tenant, tenant, tables.inventory(),
      tables.changes(), tables.findings(), tables.poison(), clock, QuietCallers.none());

  @Test
  void hostileEventsAreRecordedIgnoredOrKeptAsPoisonAndTheGoodEventBesideEachIsNeverLost() throws Exception {
    Random random = new Random(SEED);
    List<JsonNode> seeds = new ArrayList<>();
    for (String s : SEEDS) {
      JsonNode root = JSON.readTree(Resources.text(s));
      seeds.add(root.isArray() ? root.get(0) : root);
    }
    JsonNode good = JSON.readTree(Resources.text(SEEDS.get(0))).get(0);

    assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
      for (int round = 0; round < ROUNDS; round++) {
        ObjectNode hostile = seeds.get(random.nextInt(seeds.size())).deepCopy();
        hostile.put("id", "fuzz-" + round);
        List<String> done = new ArrayList<>();
        for (int m = 1 + random.nextInt(3); m > 0; m--) {
          done.add(mutate(hostile, random));
        }
        ObjectNode beside = good.deepCopy();
        beside.put("id", String.format("00000000-0000-4000-8000-%012d", round));
        String what = "round " + round + " (" + String.join(", ", done) + ")";
        String text = hostile.toString();
        List<EventResult> results;
        try {
          if (random.nextInt(4) == 0) {
            // Cut short, or nested past any parser's limit: delivered alone, as Event Grid delivers each event.
            String alone = random.nextBoolean() ? text.substring(0, random.nextInt(text.length()))
                : "[".repeat(5000) + text + "]".repeat(5000);
            judge(what + ", delivered alone", service.handle(alone, "fuzz"));
            results = service.handle("[" + beside + "]", "fuzz");
          } else {
            results = service.handle("[" + text + "," + beside + "]", "fuzz");
            judge(what, results.subList(0, 1));
            results = results.subList(1, 2);
          }
        } catch (RuntimeException e) {
          throw new AssertionError(what + " crashed the delivery: " + e, e);
        }
        assertThat(results).as(what + ": the good event beside it").singleElement()
            .satisfies(r -> assertThat(r.status()).isEqualTo(EventResult.Status.RECORDED));
      }
    });
    assertThat(tables.changes().list().stream().filter(c -> c.eventId().startsWith("00000000-0000-4000-8000-")))
        .as("every good event is in the changes table").hasSize(ROUNDS);
    assertThat(tables.poison().list()).as("the hostile ones that were refused are kept for replay").isNotEmpty()
        .allSatisfy(p -> {
          assertThat(p.reason()).isNotBlank();
          assertThat(Text.isWellFormed(p.raw()) && Text.isWellFormed(p.eventId())).isTrue();
        });
  }

  private static void judge(String what, List<EventResult> results) {
    for (EventResult r : results) {
      if (r.status() == EventResult.Status.POISONED || r.status() == EventResult.Status.IGNORED) {
        assertThat(r.message()).as(what + ": a refusal names its reason").isNotBlank();
      } else if (r.status() != EventResult.Status.RECORDED && r.status() != EventResult.Status.ATTEMPT
          && r.status() != EventResult.Status.DUPLICATE) {
        fail(what + ": unexpected " + r.status() + ": " + r.message());
      }
    }
  }

  /** One change to a random place in the event; says what it did. */
  private static String mutate(ObjectNode event, Random random) {
    List<JsonNode> containers = new ArrayList<>();
    collect(event, containers);
    JsonNode container = containers.get(random.nextInt(containers.size()));
    int kind = random.nextInt(6);
    if (container instanceof ObjectNode object && object.size() > 0) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      String name = names.get(random.nextInt(names.size()));
      switch (kind) {
        case 0 -> object.set(name, swapped(random));
        case 1 -> object.put(name, "x".repeat(random.nextBoolean() ? 300_000 : 1_100_000));
        case 2 -> object.put(name, object.path(name).asText("") + HOSTILE_TEXT[random.nextInt(HOSTILE_TEXT.length)]);
        case 3 -> object.set(name + "\ud834", NODES.textNode("lone surrogate in a field name"));
        case 4 -> object.remove(name);
        default -> {
          ArrayNode many = object.putArray(name);
          for (int i = 0; i < 10_000; i++) {
            many.add(i);
          }
        }
      }
      return kind + "@" + Text.clip(name);
    }
    if (container instanceof ArrayNode array) {
      array.add(swapped(random));
      return "array+";
    }
    return "none";
  }

  private static JsonNode swapped(Random random) {
    return switch (random.nextInt(7)) {
      case 0 -> NODES.numberNode(42);
      case 1 -> NODES.numberNode(-1e308);
      case 2 -> NODES.booleanNode(true);
      case 3 -> NODES.nullNode();
      case 4 -> NODES.arrayNode().add(NODES.arrayNode().add("x"));
      case 5 -> NODES.objectNode().put("nested", HOSTILE_TEXT[random.nextInt(HOSTILE_TEXT.length)]);
      default -> NODES.textNode(HOSTILE_TEXT[random.nextInt(HOSTILE_TEXT.length)]);
    };
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      node.forEach(child -> collect(child, out));
    }
  }
}
