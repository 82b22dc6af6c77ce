package com.accessauditor.findings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps one row per problem: a first sighting opens it, a later one moves `lastSeen` and reopens a
 * resolved one, and a removed cause resolves it.
 */
public final class FindingLedger {
  /** Bounds the evidence list so a problem seen for years does not outgrow a table property. */
  static final int MAX_EVIDENCE = 20;

  private final FindingStore store;

  public FindingLedger(FindingStore store) {
    this.store = store;
  }

  /** Records a sighting at {@code seenAt} and returns the stored finding. */
  public Finding raise(FindingDraft draft, Instant seenAt) {
    return raise(draft, seenAt, Optional.empty());
  }

  /**
   * Records a sighting; with {@code quiet}, a finding this sighting opens (new, or resolved before) is
   * recorded as suppressed for that reason instead, so nobody is paged. One already open stays open: it has
   * been alerted on already.
   */
  public Finding raise(FindingDraft draft, Instant seenAt, Optional<Suppression> quiet) {
    Optional<Finding> existing = store.find(draft.subscriptionId(), draft.fingerprint());
    Finding finding = sighting(draft, seenAt, existing);
    boolean opens = existing.map(e -> e.status() == FindingStatus.RESOLVED).orElse(true);
    if (quiet.isPresent() && opens) {
      finding = finding.suppressed(quiet.get());
    }
    store.put(finding);
    return finding;
  }

  /**
   * The row a sighting makes of what was stored before (nothing is written): for callers that read the
   * stored rows in one query and write the results in batches, like the sweep.
   */
  public static Finding sighting(FindingDraft draft, Instant seenAt, Optional<Finding> existing) {
    String fingerprint = draft.fingerprint();
    List<String> evidence = new ArrayList<>(existing.map(Finding::evidence).orElse(List.of()));
    draft.evidence().filter(e -> !evidence.contains(e)).ifPresent(evidence::add);
    while (evidence.size() > MAX_EVIDENCE) {
      evidence.remove(0);
    }
    Instant firstSeen = existing.map(Finding::firstSeen).filter(f -> f.isBefore(seenAt)).orElse(seenAt);
    Instant lastSeen = existing.map(Finding::lastSeen).filter(l -> l.isAfter(seenAt)).orElse(seenAt);
    // A suppressed finding stays suppressed, for the same reason, until that reason no longer applies.
    Optional<Finding> suppressed = existing.filter(e -> e.status() == FindingStatus.SUPPRESSED);
    boolean opens = existing.map(e -> e.status() == FindingStatus.RESOLVED).orElse(true);
    if (suppressed.isEmpty() && opens && draft.quiet().isPresent()) {
      return new Finding(fingerprint, draft.kind(), draft.severity(), FindingStatus.OPEN, draft.subscriptionId(),
          draft.scope(), draft.principalId(), draft.principalType(), draft.principalName(), draft.roleName(),
          draft.title(), draft.detail(), draft.remediation(), firstSeen, lastSeen, Optional.empty(), draft.source(),
          evidence).suppressed(draft.quiet().get()).causedBy(draft.causedBy());
    }
    return new Finding(fingerprint, draft.kind(), draft.severity(),
        suppressed.isPresent() ? FindingStatus.SUPPRESSED : FindingStatus.OPEN, draft.subscriptionId(),
        draft.scope(), draft.principalId(), draft.principalType(), draft.principalName(), draft.roleName(),
        draft.title(), draft.detail(), draft.remediation(), firstSeen, lastSeen, Optional.empty(), draft.source(),
        evidence, suppressed.flatMap(Finding::suppression), draft.causedBy());
  }

  /** Marks the finding resolved, if one is open; returns it when something changed. */
  public Optional<Finding> resolve(String subscriptionId, String fingerprint, Instant at) {
    return store
        .find(subscriptionId, fingerprint)
        .filter(Finding::isActive)
        .filter(f -> !f.lastSeen().isAfter(at))
        .map(
            f -> {
              Finding resolved = f.resolved(at);
              store.put(resolved);
              return resolved;
            });
  }
}
