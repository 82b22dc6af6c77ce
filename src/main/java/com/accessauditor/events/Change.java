package com.accessauditor.events;

import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import java.time.Instant;
import java.util.Optional;

/**
 * One row of the append-only `changes` table: who changed what, when, from where, and what it meant.
 *
 * @param resourceId the ARM id the operation was on (role assignment, role definition, identity, site)
 * @param principalId for an assignment: its assignee; for an identity: its principal now
 * @param previousPrincipalId for a site or identity: the principal the inventory knew before
 * @param pendingReason present when a look-up failed: the sweep completes the row
 */
public record Change(
    String eventId,
    Instant eventTime,
    ChangeKind kind,
    Outcome outcome,
    String operationName,
    String resourceId,
    String subscriptionId,
    Caller caller,
    String correlationId,
    Optional<PrincipalId> principalId,
    Optional<String> principalType,
    Optional<String> roleDefinitionId,
    Optional<String> roleName,
    Optional<Scope> scope,
    Optional<String> condition,
    Optional<PrincipalId> previousPrincipalId,
    Optional<String> pendingReason,
    String summary) {

  public boolean complete() {
    return pendingReason.isEmpty();
  }

  /** A change carrying only what the event itself says; the look-up fills in the rest. */
  public static Change fromEvent(ResourceEvent event, ChangeKind kind, Outcome outcome, String summary) {
    return new Change(
        event.eventId(),
        event.eventTime(),
        kind,
        outcome,
        event.operationName(),
        event.resourceUri(),
        event.subscriptionId(),
        event.caller(),
        event.correlationId(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        summary);
  }

  public Change withGrant(
      PrincipalId principal, String type, String roleDefinition, String role, Scope at, Optional<String> cond) {
    return new Change(eventId, eventTime, kind, outcome, operationName, resourceId, subscriptionId, caller,
        correlationId, Optional.of(principal), Optional.ofNullable(type), Optional.ofNullable(roleDefinition),
        Optional.ofNullable(role), Optional.ofNullable(at), cond, previousPrincipalId, pendingReason, summary);
  }

  public Change withPrincipals(Optional<PrincipalId> now, Optional<PrincipalId> before) {
    return new Change(eventId, eventTime, kind, outcome, operationName, resourceId, subscriptionId, caller,
        correlationId, now, principalType, roleDefinitionId, roleName, scope, condition, before, pendingReason,
        summary);
  }

  public Change pending(String reason) {
    return new Change(eventId, eventTime, kind, outcome, operationName, resourceId, subscriptionId, caller,
        correlationId, principalId, principalType, roleDefinitionId, roleName, scope, condition,
        previousPrincipalId, Optional.of(reason), summary);
  }

  /** The look-up that was outstanding has been made. */
  public Change completed() {
    return new Change(eventId, eventTime, kind, outcome, operationName, resourceId, subscriptionId, caller,
        correlationId, principalId, principalType, roleDefinitionId, roleName, scope, condition,
        previousPrincipalId, Optional.empty(), summary);
  }

  public Change withSummary(String text) {
    return new Change(eventId, eventTime, kind, outcome, operationName, resourceId, subscriptionId, caller,
        correlationId, principalId, principalType, roleDefinitionId, roleName, scope, condition,
        previousPrincipalId, pendingReason, text);
  }
}
