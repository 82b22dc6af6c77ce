package com.accessauditor.detect;

import com.accessauditor.findings.FindingKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A rule, known by the {@link DetectorInfo} on its class. */
public interface Detector {
  /** The metadata on the class. */
  default DetectorInfo info() {
    DetectorInfo info = getClass().getAnnotation(DetectorInfo.class);
    if (info == null) {
      throw new IllegalStateException(getClass().getName() + " has no @DetectorInfo: say its kinds, severity,"
          + " needs, reach and fix on the class");
    }
    return info;
  }

  default Set<FindingKind> kinds() {
    return EnumSet.copyOf(List.of(info().kinds()));
  }
}
