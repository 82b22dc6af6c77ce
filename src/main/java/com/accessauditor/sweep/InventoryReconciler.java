package com.accessauditor.sweep;

import com.accessauditor.detect.Facet;
import com.accessauditor.detect.MissedEventDetector;
import com.accessauditor.detect.SweepFacts;
import com.accessauditor.inventory.InventoryStore;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.inventory.KnownIdentity;
import com.accessauditor.inventory.KnownRole;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Brings the inventory up to what a sweep read, for the subscriptions it read completely: only rows that
 * changed are written, newer event state wins, and a recycled identity's previous principal is kept.
 */
final class InventoryReconciler {
  private final InventoryStore inventory;

  InventoryReconciler(InventoryStore inventory) {
    this.inventory = inventory;
  }

  /**
   * @param customRoles whether to record the tenant's custom roles too: not from one subscription's worker,
   *     whose run's final step still has to compare them with what the inventory knew
   */
  void reconcile(SweepFacts facts, Set<String> subscriptions, TenantReading read, Instant now, boolean customRoles) {
    SweepFacts.Known known = facts.known();
    // Grouped once: a tenant has hundreds of subscriptions and each reconciles only its own rows.
    Map<String, List<RoleAssignment>> listedBySub = facts.assignments().stream()
        .filter(a -> a.scope().subscriptionId().isPresent())
        .collect(Collectors.groupingBy(a -> a.scope().subscriptionId().get()));
    Map<String, List<KnownAssignment>> knownBySub = known.assignments().values().stream()
        .filter(k -> k.scope().subscriptionId().isPresent())
        .collect(Collectors.groupingBy(k -> k.scope().subscriptionId().get()));
    for (String sub : subscriptions) {
      if (facts.covered(Facet.ROLE_ASSIGNMENTS, sub)) {
        List<KnownAssignment> writes = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (RoleAssignment a : listedBySub.getOrDefault(sub, List.of())) {
          String id = a.id().toLowerCase(Locale.ROOT);
          listed.add(id);
          KnownAssignment k = known.assignments().get(id);
          boolean same = k != null && !k.deleted() && k.grant().map(g -> g.principalId().equals(a.principalId())
              && g.roleDefinitionGuid().equals(a.roleDefinitionGuid())).orElse(false);
          if (!same && (k == null || !k.asOf().isAfter(now))) {
            writes.add(new KnownAssignment(a.id(), a.scope(), Optional.of(a), facts.roleName(a), now, false,
                MissedEventDetector.SWEEP_MARK));
          }
        }
        for (KnownAssignment k : knownBySub.getOrDefault(sub, List.of())) {
          if (!k.deleted() && k.asOf().isBefore(now) && !listed.contains(k.id().toLowerCase(Locale.ROOT))) {
            writes.add(new KnownAssignment(k.id(), k.scope(), k.grant(), k.roleName(), now, true,
                MissedEventDetector.SWEEP_MARK));
          }
        }
        inventory.putAssignments(writes);
      }
      if (facts.covered(Facet.SITES, sub)) {
        for (SiteIdentity site : facts.sites()) {
          if (site.siteId().subscriptionId().map(sub::equals).orElse(false)) {
            reconcileSite(site, known.identities().get(site.siteId()), facts, now);
          }
        }
      }
      if (facts.covered(Facet.USER_ASSIGNED_IDENTITIES, sub)) {
        for (UserAssignedIdentity i : facts.identities()) {
          KnownIdentity k = known.identities().get(i.resourceId());
          if (i.resourceId().subscriptionId().map(sub::equals).orElse(false) && (k == null || k.deleted()
              || !k.principalId().equals(Optional.of(i.principalId())))) {
            inventory.putIdentity(new KnownIdentity(i.resourceId(), KnownIdentity.Kind.USER_ASSIGNED,
                Optional.of(i.principalId()), Optional.of(i.clientId()), now, false, MissedEventDetector.SWEEP_MARK,
                k == null ? Optional.empty() : k.principalId().filter(p -> !p.equals(i.principalId()))));
          }
        }
      }
      if (List.of(Facet.ROLE_ASSIGNMENTS, Facet.ROLE_DEFINITIONS, Facet.SITES, Facet.APP_SETTINGS,
          Facet.USER_ASSIGNED_IDENTITIES).stream().allMatch(f -> facts.covered(f, sub))) {
        inventory.markCompleteSweep(sub, now);
      }
    }
    if (customRoles) {
      reconcileCustomRoles(facts, read, now);
    }
  }

  /** Records each custom role that changed, when every role definition list was read. */
  void reconcileCustomRoles(SweepFacts facts, TenantReading read, Instant now) {
    SweepFacts.Known known = facts.known();
    if (facts.covered(Facet.ROLE_DEFINITIONS, SweepFacts.EVERYWHERE) && read.gaps.getOrDefault(
        Facet.ROLE_DEFINITIONS, Set.of()).isEmpty()) {
      for (RoleDefinition d : facts.definitions().values()) {
        KnownRole k = known.customRoles().get(d.guid());
        if (d.isCustom() && (k == null || !k.definition().equals(d))) {
          inventory.putCustomRole(new KnownRole(d, now));
        }
      }
    }
  }

  /**
   * Records the site's current principal, and the one before it: from the inventory, or else from a
   * soft-deleted identity naming the site, so the recycle stays known after deleted items are purged.
   */
  private void reconcileSite(SiteIdentity site, KnownIdentity k, SweepFacts facts, Instant now) {
    Optional<PrincipalId> current = site.systemAssignedPrincipalId();
    Optional<PrincipalId> before = k == null ? Optional.empty() : k.principalId();
    Optional<PrincipalId> previous = before.isPresent() && current.isPresent() && !before.equals(current)
        ? before : Optional.ofNullable(k).flatMap(KnownIdentity::previousPrincipalId)
            .or(() -> deletedIdentityOf(site, facts));
    if (k != null && !k.deleted() && before.equals(current) && previous.equals(k.previousPrincipalId())) {
      return;
    }
    inventory.putIdentity(new KnownIdentity(site.siteId(), KnownIdentity.Kind.SYSTEM_ASSIGNED,
        current.or(() -> before), Optional.empty(), now, current.isEmpty(), MissedEventDetector.SWEEP_MARK, previous));
  }

  private static Optional<PrincipalId> deletedIdentityOf(SiteIdentity site, SweepFacts facts) {
    return facts.deletedIdentitiesOf(site.siteId()).stream()
        .map(Principal::id)
        .filter(id -> !site.systemAssignedPrincipalId().equals(Optional.of(id)))
        .findFirst();
  }
}
