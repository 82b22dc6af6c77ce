package com.accessauditor.events;

/** One element of a delivered batch, as the parser understood it. */
public sealed interface ParsedEvent {
  /** Position in the batch (0-based), for messages that name the event. */
  int index();

  /** @param raw the element as received, so a handler failure can keep it for replay */
  record Resource(int index, ResourceEvent event, String raw) implements ParsedEvent {}

  /** Event Grid's subscription validation handshake: answer with {"validationResponse": code}. */
  record Validation(int index, String eventId, String validationCode, String validationUrl) implements ParsedEvent {}

  /** Some other event type (storage, custom topics): not ours, never an error. */
  record Other(int index, String eventId, String eventType) implements ParsedEvent {}

  /** An event we could not read; kept in the poison table for replay. */
  record Malformed(int index, String eventId, String reason, String raw) implements ParsedEvent {}
}
