package com.accessauditor.alerts;

import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingQuery;
import com.accessauditor.findings.FindingStatus;
import com.accessauditor.findings.FindingStore;
import com.accessauditor.findings.Fingerprint;
import com.accessauditor.findings.Suppression;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The findings table with suppression rules and alerting on every change that matters. A finding that
 * matches an active suppression rule is recorded as `suppressed` (naming the rule) and alerts nobody; once
 * the rule has expired, its next sighting reopens it. One the event path recorded as suppressed because a
 * quiet caller made the change stays so until it resolves. Otherwise: a finding that opens, reopens, gets more
 * severe or is resolved puts one alert per channel in the outbox, before the finding row is written. A
 * redelivered event or a repeated sweep changes nothing and alerts nobody; a crash between the two writes
 * makes the retry enqueue the same alert id again, which the outbox keeps once. A finding that follows from
 * another ({@code causedBy}) is queued like any other; delivery tells it with its root ({@link ConsequenceJoin}),
 * unless that root is told to nobody (below the minimum, suppressed or resolved): then it is told on its own.
 */
public final class AlertingFindingStore implements FindingStore {
  private final FindingStore findings;
  private final AlertOutbox outbox;
  private final SuppressionStore suppressions;
  private final AlertPolicy policy;
  private final Clock clock;
  private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();

  public AlertingFindingStore(FindingStore findings, AlertOutbox outbox, SuppressionStore suppressions,
      AlertPolicy policy, Clock clock) {
    this.findings = findings;
    this.outbox = outbox;
    this.suppressions = suppressions;
    this.policy = policy;
    this.clock = clock;
  }

  @Override
  public Optional<Finding> find(String subscriptionId, String fingerprint) {
    return findings.find(subscriptionId, fingerprint);
  }

  @Override
  public void put(Finding finding) {
    Finding effective = suppress(finding, suppressions.list());
    enqueue(findings.find(finding.subscriptionId(), finding.fingerprint()), effective,
        () -> outbox.forFinding(finding.fingerprint()), root -> findings.find(finding.subscriptionId(), root));
    findings.put(effective);
  }

  /**
   * One read of the findings per subscription and kind in the batch (one partition each, filtered by kind: a
   * run's worker writes one subscription's, the final step a few kinds'), and of the outbox only for the findings whose change is worth telling (one partition
   * each: a re-run that changes nothing reads none). Alerts are queued before the findings are written, so
   * a worker that dies in between leaves alerts whose finding a redelivery then finds already told.
   */
  @Override
  public void putAll(List<Finding> batch) {
    Map<String, Finding> before = new HashMap<>();
    batch.stream().map(f -> Map.entry(f.subscriptionId().toLowerCase(java.util.Locale.ROOT), f.kind())).distinct()
        .forEach(at -> findings.query(FindingQuery.all().ofKind(at.getValue()).in(at.getKey()))
            .forEach(f -> before.put(f.fingerprint(), f)));
    List<SuppressionRule> rules = batch.isEmpty() ? List.of() : suppressions.list();
    List<Finding> effective = batch.stream().map(f -> suppress(f, rules)).toList();
    Map<String, Finding> written = new HashMap<>();
    effective.forEach(f -> written.put(f.fingerprint(), f));
    effective.forEach(f -> enqueue(Optional.ofNullable(before.get(f.fingerprint())), f,
        () -> outbox.forFinding(f.fingerprint()),
        root -> Optional.ofNullable(written.get(root)).or(() -> findings.find(f.subscriptionId(), root))));
    findings.putAll(effective);
  }

  /**
   * Open and matched by an active rule: suppressed, naming the rule. Suppressed by a rule that no longer
   * matches (expired or deleted): open again. Suppressed because a quiet caller made the change: left alone,
   * rules do not end that.
   */
  private Finding suppress(Finding given, List<SuppressionRule> rules) {
    Instant now = clock.instant();
    boolean activation = given.suppression().map(s -> s.origin() == Suppression.Origin.PIM_ACTIVATION).orElse(false);
    // Configured to alert on PIM activations: they open like any other grant.
    Finding f = activation && policy.pimActivations() && given.status() == FindingStatus.SUPPRESSED
        ? given.unsuppressed() : given;
    Optional<SuppressionRule> rule = rules.stream().filter(r -> r.matches(f, now)).findFirst();
    if (f.status() == FindingStatus.OPEN && rule.isPresent()) {
      return f.suppressed(Suppression.byRule(rule.get().describe()));
    }
    boolean byRule = f.suppression().map(s -> s.origin() == Suppression.Origin.RULE).orElse(true);
    if (f.status() == FindingStatus.SUPPRESSED && byRule && rule.isEmpty()) {
      return f.unsuppressed();
    }
    return f;
  }

  @Override
  public List<Finding> list() {
    return findings.list();
  }

  @Override
  public List<Finding> query(FindingQuery query) {
    return findings.query(query);
  }

  /** What happened to a finding between two writes, if anything worth telling. */
  static Optional<AlertKind> change(Optional<Finding> before, Finding after) {
    if (after.status() == FindingStatus.RESOLVED) {
      return before.filter(b -> b.status() == FindingStatus.OPEN).map(b -> AlertKind.RESOLVED);
    }
    if (after.status() != FindingStatus.OPEN) {
      return Optional.empty();
    }
    if (before.isEmpty()) {
      return Optional.of(AlertKind.OPENED);
    }
    if (before.get().status() == FindingStatus.RESOLVED || before.get().status() == FindingStatus.SUPPRESSED) {
      return Optional.of(AlertKind.REOPENED);
    }
    if (before.get().status() == FindingStatus.OPEN && before.get().causedBy().isPresent()
        && after.causedBy().isEmpty()) {
      return Optional.of(AlertKind.OPENED); // told only as part of its root until now, and that root is gone
    }
    if (before.get().status() == FindingStatus.OPEN && after.severity().ordinal() < before.get().severity().ordinal()) {
      return Optional.of(AlertKind.ESCALATED);
    }
    return Optional.empty();
  }

  /**
   * @param rootOf the root finding by fingerprint as it stands after this write, if it can be found: a root
   *     that nobody is told about (below the minimum, suppressed, resolved) leaves its consequence to be told
   *     on its own now, rather than held for a root alert that will not come
   */
  private void enqueue(Optional<Finding> before, Finding after, java.util.function.Supplier<List<Alert>> told,
      java.util.function.Function<String, Optional<Finding>> rootOf) {
    Optional<AlertKind> kind = change(before, after);
    if (kind.isEmpty() || policy.channels().isEmpty()) {
      return;
    }
    // Below the policy's minimum nobody is told, so the outbox is not read (a first sweep opens thousands).
    if (kind.get() != AlertKind.RESOLVED && !after.severity().atLeast(policy.minimum())) {
      return;
    }
    List<Alert> earlier = told.get();
    Instant now = clock.instant();
    if (kind.get() == AlertKind.RESOLVED) {
      // A resolved notice goes to the people who were told it opened, and to nobody else.
      // One told only in its root's alert is resolved with the root's notice, not with one of its own.
      if (earlier.stream().noneMatch(a -> a.kind() != AlertKind.RESOLVED && a.status() != Alert.Status.JOINED)) {
        return;
      }
    } else {
      boolean recent = earlier.stream()
          .filter(a -> EnumSet.of(AlertKind.OPENED, AlertKind.REOPENED).contains(a.kind()))
          .filter(a -> a.status() != Alert.Status.JOINED)
          .anyMatch(a -> a.createdAt().isAfter(now.minus(policy.suppression())));
      if (recent && kind.get() != AlertKind.ESCALATED) {
        return;
      }
    }
    Instant when = after.resolvedAt().orElse(after.lastSeen());
    String id = Fingerprint.hash(after.fingerprint() + "\n" + kind.get() + "\n" + when);
    // A resolved notice is queued only for a finding told on its own (above), so it goes on its own too.
    boolean alone = kind.get() == AlertKind.RESOLVED || after.causedBy().flatMap(rootOf)
        .filter(r -> r.status() != FindingStatus.OPEN || !r.severity().atLeast(policy.minimum())).isPresent();
    Finding subject = alone ? after.causedBy(Optional.empty()) : after;
    for (String channel : policy.channels()) {
      outbox.add(new Alert(id, channel, kind.get(), subject, now, Alert.Status.PENDING, 0, now, Optional.empty()));
      queued.incrementAndGet();
    }
  }

  /** How many alerts this store has put in the outbox since it was built (one per channel). */
  public int queued() {
    return queued.get();
  }
}
