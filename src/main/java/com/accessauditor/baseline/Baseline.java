package com.accessauditor.baseline;

import java.util.List;

/**
 * The declared access: grants that must exist, patterns that are tolerated, and where anything else is
 * unexpected. Read from a YAML or JSON file by {@link BaselineFile}.
 *
 * @param governs where undeclared assignments are reported; empty means every swept scope
 */
public record Baseline(String source, List<DeclaredGrant> grants, List<Tolerance> tolerated, List<ScopePattern> governs) {
  public Baseline {
    grants = List.copyOf(grants);
    tolerated = List.copyOf(tolerated);
    governs = List.copyOf(governs);
  }
}
