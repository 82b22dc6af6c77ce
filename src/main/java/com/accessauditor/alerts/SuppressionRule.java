package com.accessauditor.alerts;

import com.accessauditor.baseline.ScopePattern;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import java.time.Instant;
import java.util.Optional;

/**
 * "Do not page anyone about this until then, because ...": findings that match are recorded as
 * `suppressed` instead of `open` and alert nobody; when the rule expires the next sighting reopens them.
 * Omitted fields match anything; at least one must be given.
 */
public record SuppressionRule(
    String id,
    Optional<FindingKind> kind,
    Optional<PrincipalId> principal,
    Optional<String> role,
    Optional<ScopePattern> scope,
    Instant expiresAt,
    String reason,
    String createdBy,
    Instant createdAt) {

  public SuppressionRule {
    if (kind.isEmpty() && principal.isEmpty() && role.isEmpty() && scope.isEmpty()) {
      throw new IllegalArgumentException("a suppression needs at least one of kind, principal, role or scope");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a suppression needs a reason");
    }
  }

  /** Suppressions end: at most this far ahead. */
  public static final java.time.Duration LONGEST = java.time.Duration.ofDays(366);

  /**
   * A new rule made now, with an id derived from what it matches and when it was made.
   *
   * @throws IllegalArgumentException when it would not expire within {@link #LONGEST}, or is already over
   */
  public static SuppressionRule create(Optional<FindingKind> kind, Optional<PrincipalId> principal,
      Optional<String> role, Optional<ScopePattern> scope, Instant expiresAt, String reason, String createdBy,
      Instant now) {
    if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(LONGEST))) {
      throw new IllegalArgumentException("--expires must be in the future and within a year: suppressions end");
    }
    String id = com.accessauditor.findings.Fingerprint.hash(kind + "|" + principal + "|" + role + "|" + scope + "|"
        + now).substring(0, 12);
    return new SuppressionRule(id, kind, principal, role, scope, expiresAt, reason, createdBy, now);
  }

  public boolean activeAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  public boolean matches(Finding f, Instant now) {
    return activeAt(now)
        && kind.map(k -> k == f.kind()).orElse(true)
        && principal.map(p -> p.value().equalsIgnoreCase(f.principalId())).orElse(true)
        && role.map(r -> r.equalsIgnoreCase(f.roleName())).orElse(true)
        && scope.map(s -> !f.scope().isBlank() && s.covers(Scope.parse(f.scope()))).orElse(true);
  }

  /** "rule 1a2b3c: break-glass account reviewed quarterly (until 2026-12-31T00:00:00Z, by alice)". */
  public String describe() {
    return "rule " + id + ": " + reason + " (until " + expiresAt + ", by " + createdBy + ")";
  }
}
