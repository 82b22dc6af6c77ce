package com.accessauditor.detect;

import com.accessauditor.model.ActiveAssignment;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleEligibility;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What PIM said about the swept scopes: who is eligible for which role where, and which role assignments
 * are activations of an eligibility. Empty where PIM was not read ({@link Facet#PIM} says whether it was).
 */
public final class PimSchedules {
  public static final PimSchedules NONE = new PimSchedules(List.of(), List.of());

  private final List<RoleEligibility> eligibilities;
  private final List<ActiveAssignment> active;
  /** Activations by the role assignment id they stand for, lower case. */
  private final Map<String, ActiveAssignment> activations = new HashMap<>();

  public PimSchedules(List<RoleEligibility> eligibilities, List<ActiveAssignment> active) {
    this.eligibilities = List.copyOf(eligibilities);
    this.active = List.copyOf(active);
    for (ActiveAssignment a : this.active) {
      if (a.isActivation() && a.originRoleAssignmentId().isPresent()) {
        activations.put(a.originRoleAssignmentId().get().toLowerCase(Locale.ROOT), a);
      }
    }
  }

  public List<RoleEligibility> eligibilities() {
    return eligibilities;
  }

  public List<ActiveAssignment> active() {
    return active;
  }

  /**
   * The PIM activation this role assignment is, matched on the role assignment's id (`originRoleAssignmentId`):
   * an Activated instance linked to an eligibility, never one PIM merely lists as Assigned.
   */
  public Optional<ActiveAssignment> activationOf(RoleAssignment assignment) {
    return Optional.ofNullable(activations.get(assignment.id().toLowerCase(Locale.ROOT)));
  }

  /** The eligibility an activation came from, when it was read. */
  public Optional<RoleEligibility> eligibilityOf(ActiveAssignment activation) {
    return eligibilities.stream().filter(activation::activates).findFirst();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PimSchedules other && eligibilities.equals(other.eligibilities) && active.equals(other.active);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(eligibilities, active);
  }
}
