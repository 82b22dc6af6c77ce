package com.accessauditor.sweep;

import com.accessauditor.detect.Facet;
import com.accessauditor.detect.SweepDetector;
import com.accessauditor.detect.SweepFacts;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.FindingLedger;
import com.accessauditor.findings.FindingStatus;
import com.accessauditor.findings.FindingStore;
import com.accessauditor.model.Scope;
import com.accessauditor.rbac.ScopeTree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs detectors over what a sweep read and records their verdicts: a draft becomes a sighting (a re-run
 * updates `lastSeen`), and a stored finding whose cause is gone is resolved where everything its detector
 * needs was read. The same judge serves the sweep in one process, each subscription's worker and the final
 * step of a run; each of them owns only its share of the findings ({@code owns}), so no finding is judged twice.
 */
final class FindingJudge {
  private final FindingStore findings;
  private final Map<String, Finding> stored = new HashMap<>();
  private final Map<String, Finding> seen = new LinkedHashMap<>();
  /** What was seen and written already: kept by fingerprint only, so a judge over many batches holds none. */
  private final java.util.Set<String> recorded = new java.util.HashSet<>();
  private final Map<FindingKind, SweepDetector> resolvable = new EnumMap<>(FindingKind.class);
  private final Predicate<Finding> owns;
  private int opened;

  /**
   * @param stored the findings this step may touch, read once
   * @param owns whether a finding (drafted or stored) is this step's to raise or resolve
   */
  FindingJudge(FindingStore findings, Collection<Finding> stored, Predicate<Finding> owns) {
    this.findings = findings;
    this.owns = owns;
    stored.forEach(f -> this.stored.put(f.fingerprint(), f));
  }

  /** Runs each detector; one that fails is reported in {@code problems} and its findings stay as they were. */
  void inspect(List<SweepDetector> detectors, SweepFacts facts, List<String> problems) {
    for (SweepDetector detector : detectors) {
      List<FindingDraft> drafts;
      try {
        drafts = detector.inspect(facts);
      } catch (RuntimeException e) {
        problems.add(detector.getClass().getSimpleName() + " failed: " + e + "; its findings were kept as they"
            + " were");
        continue;
      }
      if (detector.resolvesWhenGone()) {
        detector.kinds().forEach(k -> resolvable.put(k, detector));
      }
      for (FindingDraft draft : drafts) {
        if (seen(draft.fingerprint()) || !readEnough(detector, draft, facts)) {
          // Raised from a partial read ("no grant" where the list failed): neither raised nor resolved.
          continue;
        }
        Optional<Finding> before = Optional.ofNullable(stored.get(draft.fingerprint()));
        Finding f = FindingLedger.sighting(draft, facts.now(), before);
        if (!owns.test(f)) {
          continue;
        }
        if (before.isEmpty() || before.get().status() == FindingStatus.RESOLVED) {
          opened++;
        }
        seen.put(f.fingerprint(), f);
      }
    }
  }

  private boolean seen(String fingerprint) {
    return seen.containsKey(fingerprint) || recorded.contains(fingerprint);
  }

  /** Writes what was seen since the last write, and lets go of it. */
  List<Finding> record() {
    List<Finding> out = List.copyOf(seen.values());
    findings.putAll(out);
    recorded.addAll(seen.keySet());
    seen.clear();
    return out;
  }

  /** New or reopened since the last call. */
  int opened() {
    int n = opened;
    opened = 0;
    return n;
  }

  /**
   * Whether everything the detector needs was read for the finding's subscription. The directory and the
   * deleted items are judged per principal by the detectors themselves (a principal not answered is never
   * called gone), so one failed batch of 1,000 ids does not silence every other verdict.
   */
  private static boolean readEnough(SweepDetector detector, FindingDraft draft, SweepFacts facts) {
    String sub = draft.subscriptionId().toLowerCase(Locale.ROOT);
    return detector.needs().stream()
        .filter(f -> f != Facet.DIRECTORY && f != Facet.DELETED_PRINCIPALS)
        .allMatch(f -> facts.covered(f, sub));
  }

  /**
   * Resolves each owned, active finding of a detector that ran, that was not seen again, and whose
   * subscription had everything that detector needs read.
   *
   * @param swept the subscriptions that were read
   * @param listedWithAncestors subscriptions whose assignment list held their management groups' grants
   * @param tree the hierarchy, asked only when a finding above subscriptions is open
   */
  List<Finding> resolve(SweepFacts facts, Set<String> swept, Set<String> listedWithAncestors,
      Supplier<ScopeTree> tree) {
    List<Finding> resolved = new ArrayList<>();
    Instant now = facts.now();
    ScopeTree hierarchy = stored.values().stream().anyMatch(f -> f.isActive() && owns.test(f)
        && f.subscriptionId().isEmpty()) ? tree.get() : ScopeTree.unknown("not needed");
    for (Finding f : stored.values()) {
      SweepDetector detector = resolvable.get(f.kind());
      if (!f.isActive() || detector == null || !owns.test(f) || seen(f.fingerprint())
          || f.lastSeen().isAfter(now)) {
        continue;
      }
      Set<Facet> needs = detector.needsToResolve(f);
      String sub = f.subscriptionId().toLowerCase(Locale.ROOT);
      if (needs.contains(Facet.APP_SETTINGS) && !facts.covered(Facet.APP_SETTINGS, TenantReading.appKey(f.scope()))) {
        continue; // this app's settings were not read
      }
      boolean confirmed = sub.isEmpty()
          ? aboveASweptSubscription(f, needs, facts, listedWithAncestors, hierarchy)
          : swept.contains(sub) && needs.stream().allMatch(n -> facts.covered(n, sub));
      if (confirmed) {
        resolved.add(f.resolved(now));
      }
    }
    findings.putAll(resolved);
    return resolved;
  }

  /**
   * A finding at a management group or the root is gone when a subscription known to sit below it had its
   * assignments listed whole by ARM (which includes its ancestors' grants) and the grant was not among them.
   * "Known to sit below" needs the subscription's chain: a guess would resolve grants that still exist.
   */
  private static boolean aboveASweptSubscription(Finding f, Set<Facet> needs, SweepFacts facts,
      Set<String> listedWithAncestors, ScopeTree tree) {
    Optional<Scope> at = Optional.of(f.scope()).filter(s -> s.startsWith("/")).map(Scope::parse)
        .filter(s -> s.level() == Scope.Level.ROOT || s.level() == Scope.Level.MANAGEMENT_GROUP);
    return at.isPresent() && listedWithAncestors.stream()
        .filter(sub -> needs.stream().allMatch(n -> facts.covered(n, sub)))
        .anyMatch(sub -> at.get().level() == Scope.Level.ROOT || tree.groupsAbove(sub)
            .map(chain -> chain.contains(at.get().name().toLowerCase(Locale.ROOT))).orElse(false));
  }
}
