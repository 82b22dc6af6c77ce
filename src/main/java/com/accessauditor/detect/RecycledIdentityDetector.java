package com.accessauditor.detect;

import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.Fingerprint;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * RECYCLED_IDENTITY: an app's system-assigned identity was recreated (identity turned off and on, app
 * deleted and redeployed). Its old role assignments now point at a deleted principal ("Identity not
 * found"), the new principal has none of them, and the app gets 403 Forbidden.
 *
 * <p>Fix: re-grant exactly the old grants to the new principal, then delete the orphaned ones. The finding
 * lists both as az commands.
 */
// The old principal's grants may sit in other subscriptions than the app.
@DetectorInfo(
    kinds = FindingKind.RECYCLED_IDENTITY,
    severity = Severity.HIGH,
    needs = {Facet.ROLE_ASSIGNMENTS, Facet.SITES},
    reach = Reach.TENANT,
    fix = "Re-grant the old principal's roles to the new one, then delete the orphaned grants")
public final class RecycledIdentityDetector implements SweepDetector, IdentityChangeDetector {

  /**
   * In the sweep the evidence is either the inventory (the principal we last knew for the site, or the
   * one it had before its last recycle) or a soft-deleted system-assigned identity whose alternativeNames
   * name the site. Either way the finding stands while the old principal still holds grants.
   */
  @Override
  public List<FindingDraft> inspect(SweepFacts facts) {
    Map<PrincipalId, List<RoleAssignment>> byPrincipal = facts.assignmentsByPrincipal();
    List<FindingDraft> out = new ArrayList<>();
    for (SiteIdentity site : facts.sites()) {
      if (site.systemAssignedPrincipalId().isEmpty()) {
        continue;
      }
      PrincipalId current = site.systemAssignedPrincipalId().get();
      formerPrincipal(site, facts, byPrincipal).ifPresent(old -> {
            List<KnownAssignment> oldGrants = byPrincipal.get(old).stream()
                .map(a -> new KnownAssignment(a.id(), a.scope(), Optional.of(a), facts.roleName(a), facts.now(),
                    false, "sweep"))
                .toList();
            inspect(new IdentityRecycle(site.siteId(), old, current, oldGrants,
                byPrincipal.getOrDefault(current, List.of()), FindingDraft.Source.SWEEP, Optional.empty()))
                .ifPresent(out::add);
          });
    }
    return out;
  }

  /**
   * The app's finding, the root of what its recycle caused: the grants its new principal lacks, declared or
   * needed by its settings, and those its old principal left behind.
   */
  public static String fingerprintOf(Scope site) {
    return Fingerprint.of(FindingKind.RECYCLED_IDENTITY, site.value(), site.value(), "");
  }

  /**
   * The app's previous principal that still holds grants (the one holding most), when its identity was
   * recreated: then this detector raises the app's finding.
   */
  static Optional<PrincipalId> formerPrincipal(SiteIdentity site, SweepFacts facts,
      Map<PrincipalId, List<RoleAssignment>> byPrincipal) {
    if (site.systemAssignedPrincipalId().isEmpty()) {
      return Optional.empty();
    }
    Set<PrincipalId> previous = facts.principalsEverOf(site.siteId());
    previous.remove(site.systemAssignedPrincipalId().get());
    return previous.stream().filter(byPrincipal::containsKey)
        .max(Comparator.comparingInt((PrincipalId p) -> byPrincipal.get(p).size()).thenComparing(PrincipalId::value));
  }

  /** Per app whose identity was recreated, its finding's fingerprint: the root of what follows from it. */
  static Map<Scope, String> rootsByApp(SweepFacts facts) {
    Map<PrincipalId, List<RoleAssignment>> byPrincipal = facts.assignmentsByPrincipal();
    Map<Scope, String> out = new java.util.HashMap<>();
    facts.sites().stream().filter(s -> formerPrincipal(s, facts, byPrincipal).isPresent())
        .forEach(s -> out.put(s.siteId(), fingerprintOf(s.siteId())));
    return out;
  }

  @Override
  public Optional<FindingDraft> inspect(IdentityRecycle recycle) {
    if (recycle.previousPrincipal().equals(recycle.currentPrincipal())) {
      return Optional.empty();
    }
    String app = recycle.resourceId().name();
    StringBuilder grants = new StringBuilder();
    List<RoleAssignment> left = new ArrayList<>();
    // Sorted, so the detail reads the same whichever list (ARM's, the inventory's) the grants came from.
    List<KnownAssignment> sorted = recycle.oldGrants().stream()
        .sorted(Comparator.comparing((KnownAssignment k) -> k.scope().value().toLowerCase(java.util.Locale.ROOT))
            .thenComparing(KnownAssignment::roleName).thenComparing(KnownAssignment::id))
        .toList();
    for (KnownAssignment known : sorted) {
      if (known.grant().isEmpty()) {
        continue;
      }
      RoleAssignment a = known.grant().get();
      left.add(a);
      grants.append("\n- ").append(known.roleName()).append(" at ").append(a.scope().value());
      if (recycle.alreadyRegranted(a)) {
        grants.append(" (already re-granted to the new principal)");
      }
    }
    Regrant commands = Regrant.of(recycle.currentPrincipal(), left, recycle.newGrants());
    int count = recycle.oldGrants().size();
    String detail =
        "The system-assigned identity of " + recycle.resourceId().value() + " changed from principal "
            + recycle.previousPrincipal().value() + " to " + recycle.currentPrincipal().value() + ". "
            + (count == 0
                ? "No role assignments of the previous principal are known to the inventory; the sweep checks ARM."
                : "The previous principal still holds " + count + " role assignment(s) the app no longer uses, and"
                    + " the new principal has none of them, so the app's calls fail with 403:" + grants);
    String remediation =
        count == 0
            ? "# Compare the app's needs with: az role assignment list --all --assignee "
                + recycle.previousPrincipal().value()
            : String.join("\n", commands.lines());
    return Optional.of(
        new FindingDraft(
            FindingKind.RECYCLED_IDENTITY,
            Severity.HIGH,
            recycle.resourceId().value(),
            recycle.resourceId().subscriptionId().orElse(""),
            recycle.resourceId().value(),
            recycle.currentPrincipal().value(),
            "ServicePrincipal",
            app,
            "",
            "Identity of " + app + " was recreated: " + count + " grant(s) left behind on the old principal",
            detail,
            remediation,
            recycle.source(),
            recycle.evidence()));
  }
}
