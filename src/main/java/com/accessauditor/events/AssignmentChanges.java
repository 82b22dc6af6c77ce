package com.accessauditor.events;

import com.accessauditor.rbac.BuiltInRoles;
import com.accessauditor.detect.Detectors;
import com.accessauditor.detect.GrantDetector;
import com.accessauditor.detect.GrantFacts;
import com.accessauditor.detect.PimSchedules;
import com.accessauditor.model.ActiveAssignment;
import com.accessauditor.rbac.RoleEvaluation;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingLedger;
import com.accessauditor.findings.Suppression;
import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.InventoryStore;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Role assignment writes and deletes. The event names only the assignment's id (its evidence block is
 * the caller's own grant), so a write is completed by reading the assignment from ARM and a delete from
 * the last-known inventory.
 */
final class AssignmentChanges implements ChangeHandler {
  private final AuthorizationReader authorization;
  private final Directory directory;
  private final InventoryStore inventory;
  private final FindingLedger ledger;
  private final QuietCallers quiet;
  private final ChangeStore changes;

  AssignmentChanges(AuthorizationReader authorization, Directory directory, InventoryStore inventory,
      FindingLedger ledger, QuietCallers quiet, ChangeStore changes) {
    this.changes = changes;
    this.authorization = authorization;
    this.directory = directory;
    this.inventory = inventory;
    this.ledger = ledger;
    this.quiet = quiet;
  }

  @Override
  public Handled handle(ResourceEvent event, ChangeKind kind) {
    return kind == ChangeKind.ROLE_ASSIGNMENT_WRITE ? written(event, kind) : deleted(event, kind);
  }

  private Handled written(ResourceEvent event, ChangeKind kind) {
    Change change = Change.fromEvent(event, kind, Outcome.SUCCEEDED, "");
    Lookup<RoleAssignment> lookup = authorization.roleAssignment(event.resourceUri());
    if (lookup instanceof Lookup.Failed<RoleAssignment> failed) {
      return Handled.of(
          change
              .pending("ARM look-up of the assignment failed: " + failed.reason())
              .withSummary(
                  "Role assignment written by " + event.caller().display() + "; assignee and role not yet known"
                      + " (ARM look-up failed, the sweep completes it)"));
    }
    if (lookup instanceof Lookup.NotFound<RoleAssignment>) {
      return Handled.of(
          change.withSummary(
              "Role assignment written by " + event.caller().display()
                  + ", but it no longer exists: deleted before it could be read"));
    }
    RoleAssignment assignment = lookup.found().orElseThrow();
    Optional<RoleDefinition> definition = authorization.roleDefinition(assignment.roleDefinitionId()).found();
    String roleName = roleName(assignment, definition);
    Lookup<Principal> principal = directory.principal(assignment.principalId());

    Optional<KnownAssignment> known = inventory.assignment(assignment.id());
    boolean stale = known.map(k -> k.asOf().isAfter(event.eventTime())).orElse(false);
    // Event Grid does not keep order: the delete of this very grant may have been handled first.
    Optional<KnownAssignment> deletedLater = known.filter(k -> stale && k.deleted());
    if (!stale) {
      inventory.putAssignment(
          new KnownAssignment(
              assignment.id(), assignment.scope(), Optional.of(assignment), roleName, event.eventTime(), false,
              event.eventId()));
    }
    deletedLater.filter(d -> d.grant().isEmpty()).ifPresent(d -> completeDelete(d, assignment, roleName));
    List<Finding> findings = new ArrayList<>();
    Optional<Suppression> quietly = quiet.suppressionFor(event.caller());
    Optional<ActiveAssignment> activation = activation(assignment, definition);
    GrantFacts facts =
        new GrantFacts(
            assignment, roleName, definition, principal.found(), FindingDraft.Source.EVENT,
            Optional.of(event.eventId()), activation);
    for (GrantDetector detector : Detectors.GRANT) {
      detector.inspect(facts).ifPresent(draft -> {
        Finding raised = ledger.raise(draft.withDetail(event.changedBy()), event.eventTime(), quietly);
        // Raised and resolved, as if the two events had come in order: the grant is already gone.
        findings.add(deletedLater.flatMap(d -> ledger.resolve(raised.subscriptionId(), raised.fingerprint(),
            d.asOf())).orElse(raised));
      });
    }
    String who = principal.found().map(Principal::displayName).filter(n -> !n.isBlank()).orElse("");
    String summary =
        roleName + " granted to " + assignment.principalType() + " "
            + (who.isEmpty() ? assignment.principalId().value() : who + " (" + assignment.principalId() + ")")
            + " at " + assignment.scope() + " by " + event.caller().display()
            + assignment.condition().map(c -> ", with a condition").orElse("")
            + (principal instanceof Lookup.Failed<Principal> f ? " [directory not asked: " + f.reason() + "]" : "")
            + activation.map(a -> " [PIM activation of eligibility " + a.linkedEligibilityScheduleGuid().orElse("?")
                + a.endDateTime().map(t -> " until " + t).orElse("") + "]").orElse("")
            + quietly.map(q -> " [quiet caller: pages nobody]").orElse("");
    return new Handled(
        change
            .withGrant(
                assignment.principalId(), assignment.principalType(), assignment.roleDefinitionId(), roleName,
                assignment.scope(), assignment.condition())
            .withSummary(summary),
        findings);
  }

  /**
   * The PIM activation a new privileged grant is, from PIM's own schedule instance (never from who made the
   * change). Asked only for privileged roles, the ones a detector would page about; unknown when PIM could
   * not be asked, and then the grant is judged as any other.
   */
  private Optional<ActiveAssignment> activation(RoleAssignment assignment, Optional<RoleDefinition> definition) {
    if (!RoleEvaluation.isPrivileged(assignment.roleDefinitionGuid(), definition)) {
      return Optional.empty();
    }
    return authorization.activeAssignmentsOf(assignment.scope(), assignment.principalId()).found()
        .flatMap(list -> new PimSchedules(List.of(), list).activationOf(assignment));
  }

  private Handled deleted(ResourceEvent event, ChangeKind kind) {
    Change change = Change.fromEvent(event, kind, Outcome.SUCCEEDED, "");
    // Events are hints: only ARM's 404 confirms the removal. A forged or mistaken delete of a grant that
    // still exists must neither close its finding nor tombstone its row.
    Lookup<RoleAssignment> now = authorization.roleAssignment(event.resourceUri());
    if (now instanceof Lookup.Found<RoleAssignment> still) {
      RoleAssignment a = still.value();
      String roleName = roleName(a, authorization.roleDefinition(a.roleDefinitionId()).found());
      return Handled.of(change
          .withGrant(a.principalId(), a.principalType(), a.roleDefinitionId(), roleName, a.scope(), a.condition())
          .pending("the event claims a removal that ARM did not confirm: the assignment still exists")
          .withSummary("The event says " + event.caller().display() + " removed " + roleName + " of "
              + a.principalType() + " " + a.principalId() + " at " + a.scope() + ", but ARM still has the"
              + " assignment: not confirmed, nothing resolved; the sweep decides"));
    }
    if (now instanceof Lookup.Failed<RoleAssignment> failed) {
      Scope at = Scope.parse(event.resourceUri()).withoutAuthorizationSuffix();
      return Handled.of(change
          .pending("ARM could not confirm the removal: " + failed.reason())
          .withSummary("Role assignment at " + at + " reported deleted by " + event.caller().display()
              + "; not confirmed (ARM could not be asked), nothing resolved yet: the sweep decides"));
    }
    Optional<KnownAssignment> known = inventory.assignment(event.resourceUri());
    boolean stale = known.map(k -> k.asOf().isAfter(event.eventTime())).orElse(false);
    Optional<RoleAssignment> grant = known.flatMap(KnownAssignment::grant);
    Scope scope = Scope.parse(event.resourceUri()).withoutAuthorizationSuffix();
    if (!stale) {
      inventory.putAssignment(
          new KnownAssignment(
              event.resourceUri(), grant.map(RoleAssignment::scope).orElse(scope), grant,
              known.map(KnownAssignment::roleName).orElse(""), event.eventTime(), true, event.eventId()));
    }
    if (grant.isEmpty()) {
      return Handled.of(
          change
              .pending("the assignment was not in the last-known inventory, so its assignee and role are unknown")
              .withSummary(
                  "Role assignment at " + scope + " deleted by " + event.caller().display()
                      + "; who held it is unknown (not in the last-known inventory)"));
    }
    RoleAssignment a = grant.get();
    String roleName = known.get().roleName();
    List<Finding> findings = new ArrayList<>();
    if (!stale) {
      for (GrantDetector detector : Detectors.GRANT) {
        ledger
            .resolve(
                a.scope().subscriptionId().orElse(""),
                detector.fingerprint(a, roleName),
                event.eventTime())
            .ifPresent(findings::add);
      }
    }
    return new Handled(lost(change, a, roleName), findings);
  }

  /** The delete's row, saying who lost which role where. */
  private static Change lost(Change delete, RoleAssignment a, String roleName) {
    return delete
        .withGrant(a.principalId(), a.principalType(), a.roleDefinitionId(), roleName, a.scope(), a.condition())
        .withSummary(a.principalType() + " " + a.principalId() + " lost " + roleName + " at " + a.scope()
            + " (removed by " + delete.caller().display() + ")");
  }

  /**
   * A delete handled before the older write of the same assignment could not say who lost what; the write
   * can. Its tombstone and its change row are completed as an in-order delivery would have left them.
   */
  private void completeDelete(KnownAssignment tombstone, RoleAssignment a, String roleName) {
    inventory.putAssignment(new KnownAssignment(tombstone.id(), a.scope(), Optional.of(a), roleName, tombstone.asOf(),
        true, tombstone.lastEventId()));
    changes.find(tombstone.lastEventId(), tombstone.asOf())
        .filter(c -> c.kind() == ChangeKind.ROLE_ASSIGNMENT_DELETE && c.principalId().isEmpty())
        .ifPresent(c -> changes.put(lost(c, a, roleName).completed()));
  }

  static String roleName(RoleAssignment assignment, Optional<RoleDefinition> definition) {
    return definition
        .map(RoleDefinition::roleName)
        .or(() -> BuiltInRoles.nameOf(assignment.roleDefinitionGuid()))
        .orElse(assignment.roleDefinitionGuid());
  }
}
