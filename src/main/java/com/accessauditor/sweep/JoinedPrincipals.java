package com.accessauditor.sweep;

import com.accessauditor.baseline.Baseline;
import com.accessauditor.baseline.PrincipalRef;
import com.accessauditor.detect.SweepFacts;
import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.SiteIdentity;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which principals' assignments the final step keeps from each subscription's inventory: those the
 * cross-subscription detectors join on. The rest of a subscription's assignments are judged there and then
 * and let go, so the step never holds the tenant's.
 */
final class JoinedPrincipals {
  private final Optional<Baseline> baseline;
  private final Set<String> names = new HashSet<>();

  JoinedPrincipals(Optional<Baseline> baseline) {
    this.baseline = baseline;
    baseline.ifPresent(b -> b.grants().forEach(g -> {
      if (g.principal() instanceof PrincipalRef.DisplayName n) {
        names.add(n.name().toLowerCase(Locale.ROOT));
      }
    }));
  }

  /**
   * The apps' identities, the principals they had before, every user-assigned identity, and the object ids
   * the baseline names.
   */
  Set<PrincipalId> of(TenantReading read, SweepFacts.Known known, Optional<Map<PrincipalId, Principal>> deleted,
      Instant now, Set<String> deletedTypesRead) {
    SweepFacts apps = new SweepFacts(now, List.of(), List.of(), Map.of(), read.sites, Map.of(),
        read.identities, new PrincipalBatch(Map.of(), Set.of(), List.of()), deleted, known, Optional.empty(), Map.of(),
        deletedTypesRead);
    Set<PrincipalId> ids = new HashSet<>();
    for (SiteIdentity site : read.sites) {
      site.systemAssignedPrincipalId().ifPresent(ids::add);
      ids.addAll(site.userAssigned().values());
      ids.addAll(apps.principalsEverOf(site.siteId()));
    }
    read.identities.forEach(i -> {
      ids.add(i.principalId());
      ids.addAll(apps.principalsEverOf(i.resourceId()));
    });
    baseline.ifPresent(b -> ids.addAll(BaselineCheck.objectIds(b)));
    return ids;
  }

  /** A principal the baseline names by display name or UPN: its grants are joined on too. */
  boolean named(Principal p) {
    return names.contains(p.displayName().toLowerCase(Locale.ROOT))
        || p.userPrincipalName().map(u -> names.contains(u.toLowerCase(Locale.ROOT))).orElse(false);
  }
}
