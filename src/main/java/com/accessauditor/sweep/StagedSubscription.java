package com.accessauditor.sweep;

import com.accessauditor.detect.Facet;
import com.accessauditor.detect.PimSchedules;
import com.accessauditor.model.DenyAssignment;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a subscription's worker keeps for the final step of its run: the facts that the cross-subscription
 * detectors join on and that are sized by the tenant's apps, not by its assignments. The assignments
 * themselves are in the inventory, which the worker brought up to date; app settings are never kept (their
 * values can be secrets), so the final step reads them itself.
 *
 * @param customRoles the custom role definitions the subscription's list held
 * @param aboveSubscription the grants of its management groups and the root that its list held
 * @param notRead what could not be read whole for this subscription
 * @param listedWithAncestors whether ARM listed its assignments with its ancestors' grants
 * @param pim PIM's eligibilities and activations its lists held, its management groups' and the root's too
 * @param notes what was not read by design there (PIM without its licence), said once by the final step
 * @param joined principals whose every grant the final step keeps, as a tenant-wide detector asked
 * @param denyAssignments the deny assignments its list held (a handful, where managed apps or stacks made any)
 */
public record StagedSubscription(
    String subscriptionId, int assignments, List<SiteIdentity> sites, List<UserAssignedIdentity> identities,
    List<RoleDefinition> customRoles, List<RoleAssignment> aboveSubscription, Set<Facet> notRead,
    boolean listedWithAncestors, PimSchedules pim, List<String> notes, List<PrincipalId> joined,
    List<DenyAssignment> denyAssignments) {

  public StagedSubscription(String subscriptionId, int assignments, List<SiteIdentity> sites,
      List<UserAssignedIdentity> identities, List<RoleDefinition> customRoles, List<RoleAssignment> aboveSubscription,
      Set<Facet> notRead, boolean listedWithAncestors) {
    this(subscriptionId, assignments, sites, identities, customRoles, aboveSubscription, notRead, listedWithAncestors,
        PimSchedules.NONE, List.of(), List.of(), List.of());
  }

  public StagedSubscription {
    notes = List.copyOf(notes);
    joined = List.copyOf(joined);
    denyAssignments = List.copyOf(denyAssignments);
    sites = List.copyOf(sites);
    identities = List.copyOf(identities);
    customRoles = List.copyOf(customRoles);
    aboveSubscription = List.copyOf(aboveSubscription);
    notRead = notRead.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(notRead));
  }
}
