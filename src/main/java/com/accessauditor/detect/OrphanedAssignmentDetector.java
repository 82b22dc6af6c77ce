package com.accessauditor.detect;

import com.accessauditor.rbac.RoleEvaluation;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleEligibility;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ORPHANED_ASSIGNMENT: a role assignment whose principal the directory says is gone ("Identity not found"
 * in the portal). Three cases are kept apart:
 * <ul>
 *   <li>soft-deleted: still in directory/deletedItems and restorable for 30 days; restoring it brings the
 *       access back, so the finding says what it was and until when;
 *   <li>hard-deleted: gone for good; the assignment is dead weight against the 4,000 limit;
 *   <li>unknown: the directory could not be asked. Then there is no finding and never deletion advice
 *       (the sweep reports the gap instead).
 * </ul>
 */
// Each grant's principal is looked up in the directory on its own.
// The role's name is part of the finding's identity: read without the definitions, every orphan would
// come back as a new finding named by its role's GUID and the real one would be called resolved.
@DetectorInfo(
    kinds = FindingKind.ORPHANED_ASSIGNMENT,
    severity = Severity.MEDIUM,
    needs = {Facet.ROLE_ASSIGNMENTS, Facet.ROLE_DEFINITIONS, Facet.DIRECTORY},
    fix = "Restore the principal if it was deleted by mistake (not a managed identity), else delete the assignment or remove the eligibility (PIM AdminRemove)")
public final class OrphanedAssignmentDetector implements SweepDetector {
  static final Duration RESTORE_WINDOW = Duration.ofDays(30);

  /** An orphaned PIM eligibility is resolved only where PIM was read too. */
  @Override
  public Set<Facet> needsToResolve(Finding f) {
    return EligibleRole.needsToResolve(f, needs());
  }

  @Override
  public List<FindingDraft> inspect(SweepFacts facts) {
    List<FindingDraft> out = new ArrayList<>();
    for (RoleAssignment a : facts.assignments()) {
      if (facts.principal(a.principalId()) instanceof Lookup.NotFound<Principal>) {
        out.add(draft(Held.of(a, facts), facts));
      }
    }
    for (RoleEligibility e : facts.pim().eligibilities()) {
      if (facts.principal(e.principalId()) instanceof Lookup.NotFound<Principal>) {
        out.add(draft(Held.of(e, facts), facts));
      }
    }
    return withRoots(out, facts);
  }

  /**
   * One root per deleted principal: the recycle of the app it was the identity of, else its most severe
   * orphan at the broadest scope (then the lowest fingerprint, so every run picks the same one) in each
   * subscription; its other orphans there follow from that root.
   */
  private static List<FindingDraft> withRoots(List<FindingDraft> drafts, SweepFacts facts) {
    Map<Scope, String> recycled = RecycledIdentityDetector.rootsByApp(facts);
    Map<String, String> rootOf = new java.util.HashMap<>();
    // Per subscription, so a sweep in one pass and one split across workers pick the same roots.
    drafts.stream().collect(java.util.stream.Collectors.groupingBy(d -> d.principalId() + "|" + d.subscriptionId()))
        .forEach((key, own) -> {
      PrincipalId p = new PrincipalId(own.get(0).principalId());
      Optional<String> recycle = facts.deletedPrincipals().flatMap(d -> Optional.ofNullable(d.get(p)))
          .flatMap(deleted -> recycledInto(deleted, facts)).map(site -> recycled.get(site.siteId()));
      String root = recycle.orElseGet(() -> own.stream().min(ROOT_FIRST).map(FindingDraft::fingerprint).orElseThrow());
      own.forEach(d -> rootOf.put(d.fingerprint(), root));
    });
    return drafts.stream().map(d -> rootOf.get(d.fingerprint()).equals(d.fingerprint()) ? d
        : d.causedBy(rootOf.get(d.fingerprint()))).toList();
  }

  /** The orphan that stands for a deleted principal: the most severe, at the broadest scope, then by fingerprint. */
  private static final java.util.Comparator<FindingDraft> ROOT_FIRST = java.util.Comparator
      .comparing(FindingDraft::severity).thenComparingInt((FindingDraft d) -> d.scope().length())
      .thenComparing(FindingDraft::fingerprint);

  /**
   * The root finding of what a deleted principal left in a subscription (the orphan that stands for it), for
   * the findings that follow from the same deletion elsewhere: a setting that names a deleted user-assigned
   * identity. Empty when the directory does not say it is gone, or it held nothing there.
   */
  static Optional<String> rootOf(PrincipalId principal, String subscriptionId, SweepFacts facts) {
    if (!(facts.principal(principal) instanceof Lookup.NotFound<Principal>)) {
      return Optional.empty();
    }
    List<FindingDraft> own = new ArrayList<>();
    facts.assignments().stream().filter(a -> a.principalId().equals(principal))
        .forEach(a -> own.add(draft(Held.of(a, facts), facts)));
    facts.pim().eligibilities().stream().filter(e -> e.principalId().equals(principal))
        .forEach(e -> own.add(draft(Held.of(e, facts), facts)));
    return own.stream().filter(d -> d.subscriptionId().equals(subscriptionId)).min(ROOT_FIRST)
        .map(FindingDraft::fingerprint);
  }

  /** An active assignment or a PIM eligibility, as far as an orphan is concerned. */
  private record Held(String id, Scope scope, PrincipalId principalId, String principalType, String role,
      boolean privileged, boolean eligible, String removal) {
    static Held of(RoleAssignment a, SweepFacts facts) {
      return new Held(a.id(), a.scope(), a.principalId(), a.principalType(), facts.roleName(a),
          RoleEvaluation.isPrivileged(a.roleDefinitionGuid(), facts.definition(a)), false,
          AzCommand.deleteAssignment(a.id()));
    }

    static Held of(RoleEligibility e, SweepFacts facts) {
      return new Held(e.id(), e.scope(), e.principalId(), e.principalType(), facts.roleName(e.roleDefinitionId()),
          RoleEvaluation.isPrivileged(e.roleDefinitionGuid(),
              Optional.ofNullable(facts.definitions().get(e.roleDefinitionGuid()))), true,
          AzCommand.removeEligibility(e));
    }
  }

  private static FindingDraft draft(Held a, SweepFacts facts) {
    String role = a.role();
    Optional<Principal> deleted = facts.deletedPrincipals().flatMap(d -> Optional.ofNullable(d.get(a.principalId())));
    boolean privileged = a.privileged();
    StringBuilder detail = new StringBuilder();
    StringBuilder remediation = new StringBuilder();
    String what;
    if (deleted.isPresent()) {
      Principal p = deleted.get();
      String kind = p.isManagedIdentity() ? "managed identity" : p.type();
      what = "soft-deleted " + kind + " " + p.label();
      detail.append(a.principalType()).append(' ').append(a.principalId()).append(" was the ").append(kind)
          .append(" '").append(p.label()).append("'");
      p.managedIdentityResourceId().ifPresent(r -> detail.append(", the ")
          .append(p.isSystemAssignedIdentity() ? "system-assigned identity of " : "user-assigned identity ")
          .append(r));
      detail.append(". It was deleted");
      p.deletedDateTime().ifPresent(t -> detail.append(" on ").append(t).append(" and can be restored until ")
          .append(t.plus(RESTORE_WINDOW)));
      detail.append(". ");
      recycledInto(p, facts).ifPresent(site -> detail.append("Its app now runs as principal ")
          .append(site.systemAssignedPrincipalId().map(Object::toString).orElse("?"))
          .append(" (identity recycled; see the RECYCLED_IDENTITY finding for the re-grant). "));
      if (p.isManagedIdentity()) {
        detail.append("A managed identity cannot be restored: its resource gets a new principal, so ").append(role)
            .append(" at ").append(a.scope()).append(" will never grant anything again.");
      } else {
        detail.append("While it exists in deleted items, restoring it would bring back ").append(role)
            .append(" at ").append(a.scope()).append('.');
      }
      if (!p.isManagedIdentity()) {
        remediation.append("# If it was deleted by mistake, restore it (and its access):\n")
            .append("az rest --method POST --url https://graph.microsoft.com/v1.0/directory/deletedItems/")
            .append(a.principalId()).append("/restore\n");
      }
      remediation.append(a.eligible() ? "# Otherwise remove the orphaned eligibility (PIM's admin removal):\n"
          : "# Otherwise remove the orphaned assignment:\n").append(a.removal());
    } else {
      boolean deletedItemsKnown = facts.deletedItemsCover(a.principalType());
      what = "deleted " + a.principalType() + " " + a.principalId()
          + (deletedItemsKnown ? "" : " (whether it can be restored is unknown)");
      detail.append(a.principalType()).append(' ').append(a.principalId()).append(deletedItemsKnown
          ? " is not in the directory and not in its deleted items: it was permanently deleted. "
          : " is not in the directory. " + (facts.deletedPrincipals().isPresent() ? "The deleted items that were"
              + " read hold no " + a.principalType() + "s" : "The deleted items could not be read")
              + ", so whether it can still be restored is unknown. ")
          .append(a.eligible() ? "The eligibility for " + role + " at " + a.scope() + " can never be activated."
              : "The assignment of " + role + " at " + a.scope()
                  + " grants nothing and counts against the subscription's 4,000 assignments.");
      remediation.append(deletedItemsKnown ? "" : "# First check it is not restorable: az rest --url "
          + "https://graph.microsoft.com/v1.0/directory/deletedItems/" + a.principalId() + "\n")
          .append(a.removal());
    }
    if (a.eligible()) {
      detail.append(" This is a PIM eligibility, not an active assignment: no role assignment lists it, and"
          + " `az role assignment delete` cannot remove it.");
    }
    Severity severity = privileged ? Severity.MEDIUM : Severity.LOW;
    return new FindingDraft(FindingKind.ORPHANED_ASSIGNMENT, severity, a.principalId().value(),
        a.scope().subscriptionId().orElse(""), a.scope().value(), a.principalId().value(), a.principalType(),
        deleted.map(Principal::label).orElse(""), a.eligible() ? EligibleRole.name(role) : role,
        (a.eligible() ? role + " eligibility (PIM)" : role) + " at " + a.scope().describe() + " held by " + what,
        detail.toString(), remediation.toString(), FindingDraft.Source.SWEEP, Optional.empty());
  }

  /** The site this deleted system-assigned identity belonged to, when that site now has another principal. */
  private static Optional<SiteIdentity> recycledInto(Principal deleted, SweepFacts facts) {
    if (!deleted.isSystemAssignedIdentity()) {
      return Optional.empty();
    }
    return deleted.managedIdentityResourceId().map(Scope::parse).flatMap(r -> facts.sites().stream()
        .filter(s -> s.siteId().equals(r))
        .filter(s -> s.systemAssignedPrincipalId().map(p -> !p.equals(deleted.id())).orElse(false))
        .findFirst());
  }
}
