package com.accessauditor.events;

import java.time.Instant;

/**
 * An event that could not be read or handled, kept verbatim for replay.
 *
 * @param receiptId stable for the same raw text, so a redelivered poison event is kept once
 * @param raw the event as received, cut to what a table property holds when larger (see {@link #truncated})
 */
public record PoisonEvent(
    String receiptId, Instant receivedAt, String eventId, String source, String reason, String raw, boolean truncated) {}
