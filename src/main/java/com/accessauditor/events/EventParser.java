package com.accessauditor.events;

import com.accessauditor.model.Text;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads Event Grid deliveries: one event or an array, in the Event Grid schema or CloudEvents 1.0, with
 * `authorization`, `claims` and `httpRequest` as objects or (older payloads) as JSON strings. Each element
 * is judged on its own, so one bad event never hides the good ones beside it.
 */
public final class EventParser {
  /** Event Grid refuses events over 1 MB; anything larger did not come from it. */
  public static final int MAX_EVENT_BYTES = 1024 * 1024;
  /** What a table property holds (64 KiB of UTF-16): a longer value could be neither recorded nor kept. */
  static final int MAX_FIELD_CHARS = 32_000;

  static final String VALIDATION_EVENT = "Microsoft.EventGrid.SubscriptionValidationEvent";
  private static final String RESOURCE_EVENT_PREFIX = "Microsoft.Resources.Resource";
  private static final String UPN = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
  private static final String OBJECT_ID = "http://schemas.microsoft.com/identity/claims/objectidentifier";

  private final ObjectMapper json = new ObjectMapper();

  /** Parses a delivery. A body that is not JSON at all comes back as one malformed event. */
  public List<ParsedEvent> parse(String body) {
    if (body == null || body.isBlank()) {
      return List.of(new ParsedEvent.Malformed(0, "", "empty body: expected a JSON event or array", ""));
    }
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      return List.of(new ParsedEvent.Malformed(0, "", "not valid JSON: " + brief(e), body));
    }
    List<ParsedEvent> out = new ArrayList<>();
    if (root.isArray()) {
      for (int i = 0; i < root.size(); i++) {
        out.add(parseOne(i, root.get(i)));
      }
    } else {
      out.add(parseOne(0, root));
    }
    return out;
  }

  private ParsedEvent parseOne(int index, JsonNode node) {
    String raw = node.toString();
    String id = node.isObject() ? text(node, "id").orElse("") : "";
    try {
      if (raw.length() > MAX_EVENT_BYTES) {
        throw new BadEvent("event is " + raw.length() + " bytes, over Event Grid's 1 MB limit");
      }
      Optional<String> broken = unstorable(node, "");
      if (broken.isPresent()) {
        // Table Storage refuses such a value, so the event could never be recorded: a retry would fail for
        // 24 hours. Kept as poison instead (the poison row is made storable where it is written).
        return new ParsedEvent.Malformed(index, id, broken.get(), raw);
      }
      if (!node.isObject()) {
        throw new BadEvent("expected a JSON object, got " + node.getNodeType().name().toLowerCase());
      }
      if (node.has("specversion")) {
        return cloudEvent(index, node);
      }
      if (node.has("eventType")) {
        return eventGridEvent(index, node);
      }
      throw new BadEvent("neither an Event Grid event ('eventType') nor a CloudEvent ('specversion')");
    } catch (BadEvent e) {
      return new ParsedEvent.Malformed(index, id, e.getMessage(), raw);
    }
  }

  private ParsedEvent eventGridEvent(int index, JsonNode node) {
    String type = required(node, "eventType");
    String id = required(node, "id");
    if (type.equals(VALIDATION_EVENT)) {
      JsonNode data = object(node, "data");
      return new ParsedEvent.Validation(
          index, id, required(data, "data.validationCode", "validationCode"), text(data, "validationUrl").orElse(""));
    }
    if (!type.startsWith(RESOURCE_EVENT_PREFIX)) {
      return new ParsedEvent.Other(index, id, type);
    }
    Instant time = time(required(node, "eventTime"), "eventTime");
    return new ParsedEvent.Resource(index, resourceEvent(ResourceEvent.EventSchema.EVENT_GRID, id, type, time, node),
        node.toString());
  }

  private ParsedEvent cloudEvent(int index, JsonNode node) {
    String version = required(node, "specversion");
    if (!version.equals("1.0")) {
      throw new BadEvent("unsupported CloudEvents specversion '" + Text.clip(version) + "', expected 1.0");
    }
    String type = required(node, "type");
    String id = required(node, "id");
    if (type.equals(VALIDATION_EVENT)) {
      JsonNode data = object(node, "data");
      return new ParsedEvent.Validation(
          index, id, required(data, "data.validationCode", "validationCode"), text(data, "validationUrl").orElse(""));
    }
    if (!type.startsWith(RESOURCE_EVENT_PREFIX)) {
      return new ParsedEvent.Other(index, id, type);
    }
    Instant time = time(required(node, "time"), "time");
    return new ParsedEvent.Resource(index, resourceEvent(ResourceEvent.EventSchema.CLOUD_EVENTS, id, type, time, node),
        node.toString());
  }

  private ResourceEvent resourceEvent(
      ResourceEvent.EventSchema schema, String id, String type, Instant time, JsonNode node) {
    JsonNode data = object(node, "data");
    String operation = required(data, "data.operationName", "operationName");
    String resourceUri = required(data, "data.resourceUri", "resourceUri");
    if (!resourceUri.startsWith("/")) {
      throw new BadEvent("'data.resourceUri' is not an ARM id: " + Text.clip(resourceUri));
    }
    JsonNode claims = embedded(data, "claims");
    JsonNode httpRequest = embedded(data, "httpRequest");
    Caller caller =
        new Caller(
            text(claims, UPN).or(() -> text(claims, "upn")).or(() -> text(claims, "unique_name")),
            text(claims, OBJECT_ID).or(() -> text(claims, "oid")),
            text(claims, "appid").or(() -> text(claims, "azp")),
            text(claims, "idtyp"),
            text(claims, "name"),
            text(claims, "ipaddr").or(() -> text(httpRequest, "clientIpAddress")));
    embedded(data, "authorization"); // validated for shape; the evidence in it is the caller's own grant
    return new ResourceEvent(
        id,
        schema,
        type,
        time,
        operation,
        resourceUri,
        text(data, "subscriptionId").orElse(""),
        text(data, "tenantId").orElse(""),
        text(data, "correlationId").orElse(""),
        caller);
  }

  /** An object that older payloads send as a JSON string; absent is an empty object. */
  private JsonNode embedded(JsonNode data, String field) {
    JsonNode value = data.get(field);
    if (value == null || value.isNull()) {
      return json.createObjectNode();
    }
    if (value.isObject()) {
      return value;
    }
    if (value.isTextual()) {
      if (value.asText().isBlank()) {
        return json.createObjectNode();
      }
      try {
        JsonNode decoded = json.readTree(value.asText());
        if (decoded != null && decoded.isObject()) {
          return decoded;
        }
      } catch (JsonProcessingException e) {
        throw new BadEvent("'data." + field + "' is a string but not JSON: " + brief(e));
      }
    }
    throw new BadEvent("'data." + field + "' must be an object or a JSON string, got " + kind(value));
  }

  private JsonNode object(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new BadEvent("missing '" + field + "'");
    }
    if (value.isTextual()) {
      try {
        JsonNode decoded = json.readTree(value.asText());
        if (decoded instanceof ObjectNode) {
          return decoded;
        }
      } catch (JsonProcessingException e) {
        // fall through to the type error below
      }
    }
    if (!value.isObject()) {
      throw new BadEvent("'" + field + "' must be an object, got " + kind(value));
    }
    return value;
  }

  private static String required(JsonNode node, String field) {
    return required(node, field, field);
  }

  private static String required(JsonNode node, String label, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new BadEvent("missing '" + label + "'");
    }
    if (!value.isTextual()) {
      throw new BadEvent("'" + label + "' must be a string, got " + kind(value));
    }
    if (value.asText().isBlank()) {
      throw new BadEvent("'" + label + "' is empty");
    }
    return value.asText();
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank()
        ? Optional.of(value.asText())
        : Optional.empty();
  }

  private static Instant time(String value, String field) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadEvent("'" + field + "' is not an ISO-8601 time: " + Text.clip(value));
    }
  }

  private static String kind(JsonNode value) {
    return value.getNodeType().name().toLowerCase();
  }

  private static String brief(JsonProcessingException e) {
    return e.getOriginalMessage()
        + (e.getLocation() == null
            ? ""
            : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
  }

  private static final class BadEvent extends RuntimeException {
    BadEvent(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Why the event could not be kept, if it cannot: a name or text that is not well-formed UTF-16, or a text
   * longer than a table property holds (no ARM event carries one).
   */
  private static Optional<String> unstorable(JsonNode node, String path) {
    if (node.isTextual()) {
      String where = path.isEmpty() ? "the event" : path;
      if (!Text.isWellFormed(node.asText())) {
        return Optional.of("invalid UTF-16 (a lone surrogate) in " + where + ": not text any Azure service sends");
      }
      return node.asText().length() > MAX_FIELD_CHARS ? Optional.of(where + " is " + node.asText().length()
          + " characters long, more than any ARM event carries (" + MAX_FIELD_CHARS + ")") : Optional.empty();
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        Optional<String> found = unstorable(node.get(i), path + "[" + i + "]");
        if (found.isPresent()) {
          return found;
        }
      }
    }
    var fields = node.fields();
    while (fields.hasNext()) {
      var field = fields.next();
      if (!Text.isWellFormed(field.getKey())) {
        return Optional.of("invalid UTF-16 (a lone surrogate) in a field name (" + Text.safe(field.getKey()) + ")");
      }
      String name = Text.clip(field.getKey());
      Optional<String> found = unstorable(field.getValue(), path.isEmpty() ? name : path + "." + name);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }


}
