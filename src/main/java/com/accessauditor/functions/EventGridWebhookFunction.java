package com.accessauditor.functions;

import com.accessauditor.app.AuditorApp;
import com.accessauditor.events.EventResult;
import com.accessauditor.model.StoreUnavailableException;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A plain webhook endpoint for Event Grid batches (either schema), for deliveries that do not go through
 * the Event Grid trigger extension. It answers both validation handshakes itself: the Event Grid schema's
 * SubscriptionValidationEvent and the CloudEvents OPTIONS abuse-protection request. Requires a function key.
 */
public final class EventGridWebhookFunction {
  private final Supplier<AuditorApp> app;

  public EventGridWebhookFunction() {
    this(AppHolder::app);
  }

  EventGridWebhookFunction(Supplier<AuditorApp> app) {
    this.app = app;
  }

  @FunctionName("eventGridWebhook")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.POST, HttpMethod.OPTIONS},
          authLevel = AuthorizationLevel.FUNCTION, route = "events")
          HttpRequestMessage<Optional<String>> request,
      ExecutionContext context) {
    if (request.getHttpMethod() == HttpMethod.OPTIONS) {
      String origin = header(request, "WebHook-Request-Origin");
      if (origin == null) {
        return request.createResponseBuilder(HttpStatus.BAD_REQUEST).body("missing WebHook-Request-Origin").build();
      }
      return request.createResponseBuilder(HttpStatus.OK)
          .header("WebHook-Allowed-Origin", origin).header("WebHook-Allowed-Rate", "*").build();
    }
    List<EventResult> results;
    try {
      results = app.get().capture().handle(request.getBody().orElse(""), "webhook");
    } catch (StoreUnavailableException e) {
      context.getLogger().severe(e.getMessage());
      // 503: Event Grid retries after >= 30 s; nothing of this batch is lost.
      return request.createResponseBuilder(HttpStatus.SERVICE_UNAVAILABLE).body("storage unavailable, retry").build();
    }
    Optional<EventResult> validation =
        results.stream().filter(r -> r.status() == EventResult.Status.VALIDATION).findFirst();
    if (validation.isPresent()) {
      context.getLogger().info("answered the Event Grid subscription validation handshake");
      return request.createResponseBuilder(HttpStatus.OK).header("Content-Type", "application/json")
          .body("{\"validationResponse\":\"" + jsonEscape(validation.get().message()) + "\"}").build();
    }
    Map<EventResult.Status, Integer> tally = new EnumMap<>(EventResult.Status.class);
    results.forEach(r -> tally.merge(r.status(), 1, Integer::sum));
    context.getLogger().info("delivery of " + results.size() + " event(s): " + tally);
    StringBuilder body = new StringBuilder("{");
    tally.forEach((k, v) -> body.append(body.length() > 1 ? "," : "").append('"').append(k.name().toLowerCase())
        .append("\":").append(v));
    return request.createResponseBuilder(HttpStatus.OK).header("Content-Type", "application/json")
        .body(body.append('}').toString()).build();
  }

  private static String header(HttpRequestMessage<?> request, String name) {
    for (Map.Entry<String, String> h : request.getHeaders().entrySet()) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  static String jsonEscape(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
