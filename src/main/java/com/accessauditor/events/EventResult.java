package com.accessauditor.events;

import com.accessauditor.findings.Finding;
import java.util.List;
import java.util.Optional;

/** What happened to one event of a delivery. */
public record EventResult(
    int index, String eventId, Status status, Optional<Change> change, List<Finding> findings, String message) {

  public enum Status {
    /** Captured into `changes` (and the inventory). */
    RECORDED,
    /** A failed or cancelled operation, recorded as an attempt. */
    ATTEMPT,
    /** Already recorded: a redelivery. */
    DUPLICATE,
    /** Not an operation the auditor watches. */
    IGNORED,
    /** Subscription validation handshake; {@link #message()} is the validation code. */
    VALIDATION,
    /** Unreadable or unhandled; kept in the poison table. */
    POISONED
  }

  public EventResult {
    findings = List.copyOf(findings);
  }
}
