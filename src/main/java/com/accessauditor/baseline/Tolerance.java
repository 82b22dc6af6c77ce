package com.accessauditor.baseline;

import java.util.Optional;

/**
 * Assignments that are never reported as unexpected, e.g. Reader anywhere in a sandbox resource group.
 * Omitted fields match anything.
 */
public record Tolerance(
    String entry, Optional<PrincipalRef> principal, Optional<String> role, ScopePattern scope, String reason) {}
