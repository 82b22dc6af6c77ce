package com.accessauditor.detect;

import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Fingerprint;
import com.accessauditor.model.RoleAssignment;
import java.util.Optional;

/** A rule about a single role assignment; used by the event path and (per assignment) by the sweep. */
public interface GrantDetector extends Detector {
  default FindingKind kind() {
    return info().kinds()[0];
  }

  /** The fingerprint of the finding this rule raises for a grant: the event path resolves it by this on a delete. */
  default String fingerprint(RoleAssignment a, String roleName) {
    return Fingerprint.of(kind(), a.principalId().value(), a.scope().value(), roleName);
  }

  Optional<FindingDraft> inspect(GrantFacts facts);
}
