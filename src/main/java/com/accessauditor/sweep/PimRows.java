package com.accessauditor.sweep;

import com.accessauditor.detect.PimSchedules;
import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.model.ActiveAssignment;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.RoleEligibility;
import com.accessauditor.model.Scope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** PIM's eligibilities and active assignments a sweep read, each once by id, from every scope it listed. */
final class PimRows {
  private final Map<String, RoleEligibility> eligibilities = new LinkedHashMap<>();
  private final Map<String, ActiveAssignment> active = new LinkedHashMap<>();

  /** Reads both lists for a scope; empty when both were read, else the list that was not. */
  Optional<Lookup<?>> read(AuthorizationReader authorization, Scope scope) {
    Lookup<List<RoleEligibility>> eligible = authorization.roleEligibilitiesFor(scope);
    Lookup<List<ActiveAssignment>> now = authorization.activeAssignmentsFor(scope);
    if (eligible instanceof Lookup.Found<List<RoleEligibility>> e && now instanceof Lookup.Found<List<ActiveAssignment>> a) {
      add(new PimSchedules(e.value(), a.value()));
      return Optional.empty();
    }
    return Optional.of(eligible instanceof Lookup.Found<?> ? now : eligible);
  }

  /** Rows read elsewhere (what a run's workers staged). */
  void add(PimSchedules rows) {
    rows.eligibilities().forEach(r -> eligibilities.putIfAbsent(r.id().toLowerCase(Locale.ROOT), r));
    rows.active().forEach(r -> active.putIfAbsent(r.id().toLowerCase(Locale.ROOT), r));
  }

  List<RoleEligibility> eligibilities() {
    return List.copyOf(eligibilities.values());
  }

  /** Every eligibility, and the active assignments that are activations: what the final step needs. */
  PimSchedules staged() {
    return new PimSchedules(eligibilities(), active.values().stream().filter(ActiveAssignment::isActivation).toList());
  }

  /** What PIM said, as the detectors see it. */
  PimSchedules schedules() {
    return new PimSchedules(eligibilities(), List.copyOf(active.values()));
  }
}
