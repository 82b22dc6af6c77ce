package com.accessauditor.findings;

import java.util.Optional;

/**
 * What a detector reports; the ledger turns it into a stored {@link Finding} with a fingerprint and times.
 *
 * @param subject what the problem is about: a principal id, or a resource id for identity problems
 * @param remediation the commands that fix it, one per line
 * @param evidence an event id or correlation id that shows it
 * @param quiet why a sighting that opens it is recorded as suppressed instead (a PIM activation), if so
 * @param causedBy the fingerprint of the root finding this one follows from, if any
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
    Optional<Suppression> quiet,
    Optional<String> causedBy) {

  public FindingDraft(FindingKind kind, Severity severity, String subject, String subscriptionId, String scope,
      String principalId, String principalType, String principalName, String roleName, String title, String detail,
      String remediation, Source source, Optional<String> evidence, Optional<Suppression> quiet) {
    this(kind, severity, subject, subscriptionId, scope, principalId, principalType, principalName, roleName, title,
        detail, remediation, source, evidence, quiet, Optional.empty());
  }

  public FindingDraft(FindingKind kind, Severity severity, String subject, String subscriptionId, String scope,
      String principalId, String principalType, String principalName, String roleName, String title, String detail,
      String remediation, Source source, Optional<String> evidence) {
    this(kind, severity, subject, subscriptionId, scope, principalId, principalType, principalName, roleName, title,
        detail, remediation, source, evidence, Optional.empty(), Optional.empty());
  }

  public enum Source {
    EVENT,
    SWEEP
  }

  /** The same draft with a sentence added to its detail (who made the change, and when). */
  public FindingDraft withDetail(String sentence) {
    return new FindingDraft(kind, severity, subject, subscriptionId, scope, principalId, principalType, principalName,
        roleName, title, detail + " " + sentence, remediation, source, evidence, quiet, causedBy);
  }

  /** The same draft, recorded as suppressed for this reason when a sighting opens it. */
  public FindingDraft quietly(Suppression why) {
    return new FindingDraft(kind, severity, subject, subscriptionId, scope, principalId, principalType, principalName,
        roleName, title, detail, remediation, source, evidence, Optional.of(why), causedBy);
  }

  /** The same draft, following from the finding with fingerprint {@code root}. */
  public FindingDraft causedBy(String root) {
    return new FindingDraft(kind, severity, subject, subscriptionId, scope, principalId, principalType, principalName,
        roleName, title, detail, remediation, source, evidence, quiet, Optional.of(root));
  }

  public String fingerprint() {
    return Fingerprint.of(kind, subject, scope, roleName);
  }
}
