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

  /** "Changed by admin@contoso.com at 2026-11-23T08:00:00Z from 203.0.113.7 (correlation id ...)." */
  public String changedBy() {
    return "Changed by " + caller.display() + " at " + eventTime
        + caller.ipAddress().map(ip -> " from " + ip).orElse("")
        + (correlationId == null || correlationId.isBlank() ? "" : " (correlation id " + correlationId + ")") + ".";
  }

  public enum EventSchema {
    EVENT_GRID,
    CLOUD_EVENTS
  }
}
