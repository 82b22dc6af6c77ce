package com.accessauditor.azure;

import com.accessauditor.alerts.Alert;
import com.accessauditor.alerts.AlertChannel;
import com.accessauditor.alerts.AlertPayloads;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.models.CloudEvent;
import com.azure.core.models.CloudEventDataFormat;
import com.azure.core.util.BinaryData;
import com.azure.messaging.eventgrid.EventGridPublisherClient;
import com.azure.messaging.eventgrid.EventGridPublisherClientBuilder;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Alerts published to an Event Grid custom topic as CloudEvents 1.0, with the app's managed identity
 * (EventGrid Data Sender on the topic), so any Azure consumer can route them. Type
 * {@code AccessAuditor.Alert.Opened|Reopened|Escalated|Resolved}, subject the finding's scope, data the same
 * JSON the generic webhook gets.
 */
public final class EventGridChannel implements AlertChannel {
  static final String SOURCE = "/access-auditor";

  private final String name;
  private final EventGridPublisherClient<CloudEvent> client;

  private EventGridChannel(String name, EventGridPublisherClient<CloudEvent> client) {
    this.name = name;
    this.client = client;
  }

  public static EventGridChannel connect(String name, String topicEndpoint, TokenCredential credential) {
    return connect(name, topicEndpoint, credential, null);
  }

  /** @param tls trust for a private certificate (tests); null for the platform's trust store */
  public static EventGridChannel connect(String name, String topicEndpoint, TokenCredential credential,
      SSLContext tls) {
    if (!topicEndpoint.regionMatches(true, 0, "https://", 0, 8)) {
      throw new IllegalArgumentException("alert channel '" + name + "': the topic endpoint must use https");
    }
    return new EventGridChannel(name, new EventGridPublisherClientBuilder().endpoint(topicEndpoint)
        .credential(credential).httpClient(AzurePipelines.httpClient(tls, Duration.ofSeconds(10)))
        .buildCloudEventPublisherClient());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void send(Alert alert) throws DeliveryException {
    try {
      client.sendEvents(List.of(cloudEvent(alert)));
    } catch (HttpResponseException e) {
      throw new DeliveryException("channel '" + name + "' answered HTTP "
          + (e.getResponse() == null ? 0 : e.getResponse().getStatusCode()));
    } catch (RuntimeException e) {
      throw new DeliveryException("channel '" + name + "' could not be reached: " + e.getClass().getSimpleName());
    }
  }

  /** The CloudEvent for an alert; its id is the alert id, so a consumer can drop a redelivered one. */
  static CloudEvent cloudEvent(Alert alert) {
    String kind = alert.kind().name();
    String type = "AccessAuditor.Alert." + kind.charAt(0) + kind.substring(1).toLowerCase(java.util.Locale.ROOT);
    return new CloudEvent(SOURCE, type, BinaryData.fromString(AlertPayloads.webhook(alert).toString()),
        CloudEventDataFormat.JSON, "application/json")
        .setId(alert.id())
        .setSubject(alert.finding().scope())
        .setTime(alert.createdAt().atOffset(ZoneOffset.UTC));
  }
}
