package com.accessauditor.detect;

import com.accessauditor.findings.Finding;
import java.util.EnumSet;
import java.util.Set;

/**
 * How a finding about a PIM eligibility names its role, "Owner (eligible)": apart from a finding about an
 * active grant of the same role, and resolved only where PIM was read.
 */
final class EligibleRole {
  static final String SUFFIX = " (eligible)";

  private EligibleRole() {}

  static String name(String role) {
    return role + SUFFIX;
  }

  /** A detector's needs to resolve the finding: PIM's lists too, when it is about an eligibility. */
  static Set<Facet> needsToResolve(Finding f, Set<Facet> needs) {
    if (!f.roleName().endsWith(SUFFIX)) {
      return needs;
    }
    EnumSet<Facet> more = EnumSet.copyOf(needs);
    more.add(Facet.PIM);
    return more;
  }
}
