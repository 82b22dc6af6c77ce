package com.accessauditor.sweep;

import com.accessauditor.findings.Finding;
import com.accessauditor.model.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one sweep did.
 *
 * @param open the findings this sweep saw (new and still open), as stored
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
    SweepRun run) {

  public SweepReport {
    scopes = List.copyOf(scopes);
    open = List.copyOf(open);
    resolved = List.copyOf(resolved);
    gaps = List.copyOf(gaps);
  }

  public boolean complete() {
    return gaps.isEmpty();
  }

  /** The open findings at or above a severity: what `--fail-on` gates a pipeline on, most severe first. */
  public List<Finding> openAtOrAbove(com.accessauditor.findings.Severity gate) {
    return open.stream().filter(f -> f.severity().atLeast(gate))
        .sorted(java.util.Comparator.comparing(Finding::severity)).toList();
  }
}
