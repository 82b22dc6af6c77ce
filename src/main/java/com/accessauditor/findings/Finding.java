package com.accessauditor.findings;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One row of the `findings` table: one problem, however often it is seen. Schema documented in docs/findings.md.
 *
 * @param causedBy the fingerprint of the root finding this one follows from (a recycled identity for the
 *     grants its app now lacks), if any: it is alerted as part of its root, not on its own
 */
public record Finding(
    String fingerprint,
    FindingKind kind,
    Severity severity,
    FindingStatus status,
    String subscriptionId,
    String scope,
    String principalId,
    String principalType,
    String principalName,
    String roleName,
    String title,
    String detail,
    String remediation,
    Instant firstSeen,
    Instant lastSeen,
    Optional<Instant> resolvedAt,
    FindingDraft.Source source,
    List<String> evidence,
    Optional<Suppression> suppression,
    Optional<String> causedBy) {

  /** The order findings are listed in: most severe first, then oldest first. */
  public static final Comparator<Finding> MOST_SEVERE_FIRST =
      Comparator.comparing(Finding::severity).thenComparing(Finding::firstSeen);

  public Finding {
    evidence = List.copyOf(evidence);
  }

  /** A finding that is its own root cause. */
  public Finding(String fingerprint, FindingKind kind, Severity severity, FindingStatus status,
      String subscriptionId, String scope, String principalId, String principalType, String principalName,
      String roleName, String title, String detail, String remediation, Instant firstSeen, Instant lastSeen,
      Optional<Instant> resolvedAt, FindingDraft.Source source, List<String> evidence,
      Optional<Suppression> suppression) {
    this(fingerprint, kind, severity, status, subscriptionId, scope, principalId, principalType, principalName,
        roleName, title, detail, remediation, firstSeen, lastSeen, resolvedAt, source, evidence, suppression,
        Optional.empty());
  }

  /** A finding nobody has suppressed. */
  public Finding(String fingerprint, FindingKind kind, Severity severity, FindingStatus status,
      String subscriptionId, String scope, String principalId, String principalType, String principalName,
      String roleName, String title, String detail, String remediation, Instant firstSeen, Instant lastSeen,
      Optional<Instant> resolvedAt, FindingDraft.Source source, List<String> evidence) {
    this(fingerprint, kind, severity, status, subscriptionId, scope, principalId, principalType, principalName,
        roleName, title, detail, remediation, firstSeen, lastSeen, resolvedAt, source, evidence, Optional.empty(),
        Optional.empty());
  }

  /** The same finding, following from the finding with fingerprint {@code root} (or from none). */
  public Finding causedBy(Optional<String> root) {
    return new Finding(fingerprint, kind, severity, status, subscriptionId, scope, principalId, principalType,
        principalName, roleName, title, detail, remediation, firstSeen, lastSeen, resolvedAt, source, evidence,
        suppression, root);
  }

  public Finding withStatus(FindingStatus newStatus) {
    return new Finding(fingerprint, kind, severity, newStatus, subscriptionId, scope, principalId, principalType,
        principalName, roleName, title, detail, remediation, firstSeen, lastSeen, resolvedAt, source, evidence,
        suppression, causedBy);
  }

  /** Recorded as suppressed, for the reason given: it alerts nobody. */
  public Finding suppressed(Suppression why) {
    return new Finding(fingerprint, kind, severity, FindingStatus.SUPPRESSED, subscriptionId, scope, principalId,
        principalType, principalName, roleName, title, detail, remediation, firstSeen, lastSeen, resolvedAt, source,
        evidence, Optional.of(why), causedBy);
  }

  /** Open again: what suppressed it no longer applies. */
  public Finding unsuppressed() {
    return new Finding(fingerprint, kind, severity, FindingStatus.OPEN, subscriptionId, scope, principalId,
        principalType, principalName, roleName, title, detail, remediation, firstSeen, lastSeen, resolvedAt, source,
        evidence, Optional.empty(), causedBy);
  }

  public boolean isActive() {
    return status == FindingStatus.OPEN || status == FindingStatus.SUPPRESSED;
  }

  public Finding resolved(Instant at) {
    return new Finding(fingerprint, kind, severity, FindingStatus.RESOLVED, subscriptionId, scope, principalId,
        principalType, principalName, roleName, title, detail, remediation, firstSeen, lastSeen, Optional.of(at),
        source, evidence, suppression, causedBy);
  }
}
