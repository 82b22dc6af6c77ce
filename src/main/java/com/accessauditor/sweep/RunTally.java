package com.accessauditor.sweep;

import com.accessauditor.findings.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The run as one report, kept as the reports come in: counts of everything, and the most severe open
 * findings up to {@link #KEPT}, so that a run over thousands of subscriptions is not held in memory to be
 * printed. Each finding is counted once: each belongs to one worker or to the final step.
 */
final class RunTally {
  /** The open findings a report keeps, the most severe first; the rest are counted (and in the store). */
  static final int KEPT = 1_000;

  private final Consumer<Finding> each;
  private final List<String> gaps;
  private final List<String> notes = new ArrayList<>();
  private final java.util.TreeSet<Finding> open = new java.util.TreeSet<>(
      java.util.Comparator.comparing(Finding::severity).thenComparing(Finding::fingerprint));
  private final List<Finding> resolved = new ArrayList<>();
  private final Map<com.accessauditor.findings.Severity, Integer> bySeverity = new java.util.EnumMap<>(
      com.accessauditor.findings.Severity.class);
  private int openTotal;
  private int suppressedTotal;
  private int resolvedTotal;
  private int opened;
  private int principals;
  private int assignments;
  private int sites;

  RunTally(List<String> problems, Consumer<Finding> each) {
    this.gaps = new ArrayList<>(problems);
    this.each = each;
  }

  synchronized void gap(String line) {
    gaps.add(line);
  }

  /** A report that holds every finding it counts (a worker's): each is handed on and counted. */
  synchronized void add(SweepReport r) {
    add(r.open(), r.resolved(), 0);
    merge(r);
  }

  /** Findings as they are written: handed on, counted, the most severe kept. */
  synchronized void add(List<Finding> opens, List<Finding> resolvedNow, int openedNow) {
    for (Finding f : opens) {
      each.accept(f);
      if (SweepReport.isOpen(f)) {
        openTotal++;
        bySeverity.merge(f.severity(), 1, Integer::sum);
      } else {
        suppressedTotal++;
      }
      keep(f);
    }
    for (Finding f : resolvedNow) {
      each.accept(f);
      resolvedTotal++;
      if (resolved.size() < KEPT) {
        resolved.add(f);
      }
    }
    opened += openedNow;
  }

  /** A report that was tallied already (the final step's): its counts, not its findings again. */
  synchronized void addCounted(SweepReport r) {
    openTotal += r.openTotal();
    suppressedTotal += r.suppressedTotal();
    resolvedTotal += r.resolvedTotal();
    r.openBySeverity().forEach((k, v) -> bySeverity.merge(k, v, Integer::sum));
    r.open().forEach(this::keep);
    r.resolved().stream().limit(Math.max(0, KEPT - resolved.size())).forEach(resolved::add);
    merge(r);
  }

  private void keep(Finding f) {
    open.add(f);
    if (open.size() > KEPT) {
      open.pollLast();
    }
  }

  private void merge(SweepReport r) {
    r.gaps().stream().filter(g -> !gaps.contains(g)).forEach(gaps::add);
    r.notes().stream().filter(n -> !notes.contains(n)).forEach(notes::add);
    opened += r.opened();
    principals = Math.max(principals, r.principals());
    assignments += r.assignments();
    sites += r.sites();
  }

  /** What was tallied, as the report of one step that read what the other arguments say. */
  synchronized SweepReport report(Instant startedAt, Instant now, List<com.accessauditor.model.Scope> scopes,
      int assignmentsRead, int sitesRead, int principalsAsked, List<String> gapLines, List<String> noteLines,
      SweepRun run) {
    return new SweepReport(startedAt, Duration.between(startedAt, now), scopes, assignmentsRead, sitesRead,
        principalsAsked, List.copyOf(open), opened, resolved, gapLines, run, openTotal, bySeverity, resolvedTotal,
        noteLines, suppressedTotal);
  }

  /** The run's report: the workers' tally and, if it ran here, the final step's. */
  synchronized SweepReport report(Instant startedAt, Instant now, SweepRun run, Optional<SweepReport> last) {
    List<String> all = new ArrayList<>(gaps);
    if (last.isEmpty()) {
      all.add("the final step of run " + run.runId() + " did not run here: the detectors that look across"
          + " subscriptions were not run");
    }
    // The final step counts every subscription's assignments and apps; the workers' sums stand in without it.
    return new SweepReport(startedAt, Duration.between(startedAt, now), last.map(SweepReport::scopes)
        .orElse(List.of()), last.map(SweepReport::assignments).orElse(assignments),
        last.map(SweepReport::sites).orElse(sites), principals, List.copyOf(open), opened, resolved, all, run,
        openTotal, bySeverity, resolvedTotal, notes, suppressedTotal);
  }
}
