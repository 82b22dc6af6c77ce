package com.accessauditor.events;

import com.accessauditor.findings.Finding;
import java.util.List;

/** A change ready to be written, and the findings it raised or resolved on the way. */
record Handled(Change change, List<Finding> findings) {
  Handled {
    findings = List.copyOf(findings);
  }

  static Handled of(Change change) {
    return new Handled(change, List.of());
  }
}
