package com.accessauditor.detect;

import java.util.List;

/** Every detector, registered in one place. Adding a rule is adding a class and a line here. */
public final class Detectors {
  /** Rules about one assignment, run by the event path on each grant and by the sweep on all of them. */
  public static final List<GrantDetector> GRANT = List.of(new PrivilegedGrantDetector());

  /** Rules over the whole swept tenant. */
  public static final List<SweepDetector> SWEEP = List.of(
      new GrantDetectorsOverSweep(GRANT),
      new PrivilegedEligibilityDetector(),
      new OrphanedAssignmentDetector(),
      new RecycledIdentityDetector(),
      new MissingAssignmentDetector(),
      new UnexpectedAssignmentDetector(),
      new IdentitySettingsMismatchDetector(),
      new OverprivilegedAppIdentityDetector(),
      new SharedIdentityDetector(),
      new EscalationPathDetector(),
      new CustomRoleChangedDetector(),
      new RoleAssignmentQuotaDetector(),
      new MissedEventDetector());

  private Detectors() {}
}
