package com.accessauditor.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Every detector, registered in one place: adding a rule is adding a class, its test, its fixtures and a line
 * in {@link #ALL}. What each is (kinds, severity, needs, reach, fix) is on its class ({@link DetectorInfo});
 * the lists the event path and the sweep run are derived from this one.
 */
public final class Detectors {
  public static final List<Detector> ALL = List.of(
      new PrivilegedGrantDetector(),
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

  /** Rules about one assignment, run by the event path on each grant and by the sweep on all of them. */
  public static final List<GrantDetector> GRANT = only(GrantDetector.class);

  /** Rules the event path runs when an identity changes. */
  public static final List<IdentityChangeDetector> IDENTITY_CHANGE = only(IdentityChangeDetector.class);

  /** Rules over the whole swept tenant; the grant rules run over every swept assignment. */
  public static final List<SweepDetector> SWEEP = sweep();

  private Detectors() {}

  private static <T> List<T> only(Class<T> type) {
    return ALL.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static List<SweepDetector> sweep() {
    List<SweepDetector> out = new ArrayList<>(List.of(new GrantDetectorsOverSweep(GRANT)));
    out.addAll(only(SweepDetector.class));
    return List.copyOf(out);
  }
}
