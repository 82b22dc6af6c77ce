package com.accessauditor.detect;

import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import java.util.Optional;

/** A rule about a single role assignment; used by the event path and (per assignment) by the sweep. */
public interface GrantDetector {
  FindingKind kind();

  Optional<FindingDraft> inspect(GrantFacts facts);
}
