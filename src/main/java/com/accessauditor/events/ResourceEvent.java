package com.accessauditor.events;

import java.time.Instant;

/**
 * One Azure Resource Manager event from a subscription system topic, whichever schema delivered it.
 *
 * @param eventType for example Microsoft.Resources.ResourceWriteSuccess
 * @param resourceUri the resource the operation was on (the role assignment, the site...)
 */
public record ResourceEvent(
    String eventId,
    EventSchema schema,
    String eventType,
    Instant eventTime,
    String operationName,
    String resourceUri,
    String subscriptionId,
    String tenantId,
    String correlationId,
    Caller caller) {

  public enum EventSchema {
    EVENT_GRID,
    CLOUD_EVENTS
  }
}
