package com.accessauditor.detect;

import java.util.List;

/** Every detector, registered in one place. Adding a rule is adding a class and a line here. */
public final class Detectors {
  public static final List<GrantDetector> GRANT = List.of(new PrivilegedGrantDetector());

  private Detectors() {}
}
