package com.accessauditor.sweep;

import com.accessauditor.findings.Finding;
import com.accessauditor.model.Scope;
import java.time.Duration;
import java.time.Instant;
import com.accessauditor.findings.Severity;
import java.util.List;
import java.util.Map;

/**
 * What one sweep did.
 *
 * @param open the findings this sweep saw (new and still open, or suppressed), as stored
 * @param openTotal how many of them are open: a suppressed one is counted apart ({@code suppressedTotal}), and
 *     neither alerts nor fails a pipeline's {@code --fail-on}
 * @param opened how many of them this sweep opened or reopened
 * @param resolved findings whose cause this sweep found gone
 * @param gaps what could not be read; findings that depend on it were neither raised nor resolved
 * @param run the run as the `sweepruns` table records it: what each subscription came to
 */
public record SweepReport(
    Instant startedAt,
    Duration took,
    List<Scope> scopes,
    int assignments,
    int sites,
    int principals,
    List<Finding> open,
    int opened,
    List<Finding> resolved,
    List<String> gaps,
    SweepRun run,
    int openTotal,
    Map<Severity, Integer> openBySeverity,
    int resolvedTotal,
    List<String> notes,
    int suppressedTotal) {

  public SweepReport {
    scopes = List.copyOf(scopes);
    open = List.copyOf(open);
    resolved = List.copyOf(resolved);
    gaps = List.copyOf(gaps);
    openBySeverity = Map.copyOf(openBySeverity);
    notes = List.copyOf(notes);
  }

  /** With every open and resolved finding in the lists. */
  public SweepReport(Instant startedAt, Duration took, List<Scope> scopes, int assignments, int sites, int principals,
      List<Finding> open, int opened, List<Finding> resolved, List<String> gaps, SweepRun run) {
    this(startedAt, took, scopes, assignments, sites, principals, open, opened, resolved, gaps, run,
        (int) open.stream().filter(SweepReport::isOpen).count(), open.stream().filter(SweepReport::isOpen)
            .collect(java.util.stream.Collectors.toMap(Finding::severity, f -> 1, Integer::sum)),
        resolved.size(), List.of(), (int) open.stream().filter(f -> !isOpen(f)).count());
  }

  /**
   * The same report with notes: what the auditor was configured not to read (app settings outside the
   * granted resource groups), said once, which does not make the sweep incomplete.
   */
  public SweepReport withNotes(List<String> lines) {
    return new SweepReport(startedAt, took, scopes, assignments, sites, principals, open, opened, resolved, gaps, run,
        openTotal, openBySeverity, resolvedTotal, lines, suppressedTotal);
  }

  static boolean isOpen(Finding f) {
    return f.status() == com.accessauditor.findings.FindingStatus.OPEN;
  }

  /** Whether the lists hold fewer findings than there are (a run over many subscriptions keeps the most severe). */
  public boolean capped() {
    return open.size() < openTotal || resolved.size() < resolvedTotal;
  }

  /** How many open findings are at or above a severity, whether or not the list holds them all. */
  public int openCountAtOrAbove(Severity gate) {
    return openBySeverity.entrySet().stream().filter(e -> e.getKey().atLeast(gate)).mapToInt(Map.Entry::getValue)
        .sum();
  }

  public boolean complete() {
    return gaps.isEmpty();
  }

  /** The open findings at or above a severity: what `--fail-on` gates a pipeline on, most severe first. */
  public List<Finding> openAtOrAbove(Severity gate) {
    return open.stream().filter(SweepReport::isOpen).filter(f -> f.severity().atLeast(gate))
        .sorted(java.util.Comparator.comparing(Finding::severity)).toList();
  }
}
