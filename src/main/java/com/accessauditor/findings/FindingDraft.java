package com.accessauditor.findings;

import java.util.Optional;

/**
 * What a detector reports; the ledger turns it into a stored {@link Finding} with a fingerprint and times.
 *
 * @param subject what the problem is about: a principal id, or a resource id for identity problems
 * @param remediation the commands that fix it, one per line
 * @param evidence an event id or correlation id that shows it
 * @param quiet why a sighting that opens it is recorded as suppressed instead (a PIM activation), if so
 */
public record FindingDraft(
    FindingKind kind,
    Severity severity,
    String subject,
    String subscriptionId,
    String scope,
    String principalId,
    String principalType,
    String principalName,
    String roleName,
    String title,
    String detail,
    String remediation,
    Source source,
    Optional<String> evidence,
    Optional<Suppression> quiet) {

  public FindingDraft(FindingKind kind, Severity severity, String subject, String subscriptionId, String scope,
      String principalId, String principalType, String principalName, String roleName, String title, String detail,
      String remediation, Source source, Optional<String> evidence) {
    this(kind, severity, subject, subscriptionId, scope, principalId, principalType, principalName, roleName, title,
        detail, remediation, source, evidence, Optional.empty());
  }

  public enum Source {
    EVENT,
    SWEEP
  }

  /** The same draft with a sentence added to its detail (who made the change, and when). */
  public FindingDraft withDetail(String sentence) {
    return new FindingDraft(kind, severity, subject, subscriptionId, scope, principalId, principalType, principalName,
        roleName, title, detail + " " + sentence, remediation, source, evidence, quiet);
  }

  /** The same draft, recorded as suppressed for this reason when a sighting opens it. */
  public FindingDraft quietly(Suppression why) {
    return new FindingDraft(kind, severity, subject, subscriptionId, scope, principalId, principalType, principalName,
        roleName, title, detail, remediation, source, evidence, Optional.of(why));
  }

  public String fingerprint() {
    return Fingerprint.of(kind, subject, scope, roleName);
  }
}
