package com.accessauditor.diagnose;

import java.time.Instant;

/** One recent 403 for the principal, from the Log Analytics workspace. */
public record Denial(Instant at, String source, String operation, String resource, String status) {}
