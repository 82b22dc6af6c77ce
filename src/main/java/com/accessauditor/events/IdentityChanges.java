package com.accessauditor.events;

import com.accessauditor.detect.IdentityRecycle;
import com.accessauditor.detect.Detectors;
import com.accessauditor.detect.IdentityChangeDetector;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingLedger;
import com.accessauditor.inventory.InventoryStore;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.inventory.KnownIdentity;
import com.accessauditor.inventory.ResourceReader;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Site and user-assigned identity writes and deletes. The inventory keeps each resource's last principal
 * even after the identity is turned off or deleted, so that the next principal can be compared with it:
 * a different one is a recycled identity, the cause of "it worked yesterday, now 403".
 */
final class IdentityChanges implements ChangeHandler {
  private final ResourceReader resources;
  private final InventoryStore inventory;
  private final FindingLedger ledger;

  IdentityChanges(ResourceReader resources, InventoryStore inventory, FindingLedger ledger) {
    this.resources = resources;
    this.inventory = inventory;
    this.ledger = ledger;
  }

  @Override
  public Handled handle(ResourceEvent event, ChangeKind kind) {
    Scope resource = Scope.parse(event.resourceUri());
    Change change = Change.fromEvent(event, kind, Outcome.SUCCEEDED, "");
    Optional<KnownIdentity> known = inventory.identity(resource);
    boolean stale = known.map(k -> k.asOf().isAfter(event.eventTime())).orElse(false);
    Optional<PrincipalId> before = known.flatMap(KnownIdentity::principalId);
    KnownIdentity.Kind identityKind =
        kind == ChangeKind.SITE_WRITE || kind == ChangeKind.SITE_DELETE
            ? KnownIdentity.Kind.SYSTEM_ASSIGNED
            : KnownIdentity.Kind.USER_ASSIGNED;
    String label = identityKind == KnownIdentity.Kind.SYSTEM_ASSIGNED ? "App " : "User-assigned identity ";

    if (kind.isDelete()) {
      if (!stale) {
        inventory.putIdentity(
            new KnownIdentity(resource, identityKind, before, known.flatMap(KnownIdentity::clientId),
                event.eventTime(), true, event.eventId()));
      }
      int orphaned = before.map(p -> inventory.assignmentsOf(p).size()).orElse(0);
      return Handled.of(
          change
              .withPrincipals(Optional.empty(), before)
              .withSummary(
                  label + resource.name() + " deleted by " + event.caller().display()
                      + before
                          .map(p -> "; its identity " + p + " is gone and " + orphaned
                              + " role assignment(s) now point at a deleted principal")
                          .orElse("")));
    }

    Lookup<Optional<PrincipalId>> current;
    Optional<String> clientId = Optional.empty();
    if (identityKind == KnownIdentity.Kind.SYSTEM_ASSIGNED) {
      current = resources.siteIdentity(resource).map(SiteIdentity::systemAssignedPrincipalId);
    } else {
      Lookup<UserAssignedIdentity> uami = resources.userAssignedIdentity(resource);
      current = uami.map(u -> Optional.of(u.principalId()));
      clientId = uami.found().map(UserAssignedIdentity::clientId);
    }
    if (current instanceof Lookup.Failed<Optional<PrincipalId>> failed) {
      return Handled.of(
          change
              .withPrincipals(Optional.empty(), before)
              .pending("ARM look-up of the identity failed: " + failed.reason())
              .withSummary(label + resource.name() + " changed by " + event.caller().display()
                  + "; identity not yet checked (ARM look-up failed, the sweep completes it)"));
    }
    if (current instanceof Lookup.NotFound<Optional<PrincipalId>>) {
      return Handled.of(
          change.withPrincipals(Optional.empty(), before).withSummary(label + resource.name() + " changed by "
              + event.caller().display() + ", but it no longer exists: deleted before it could be read"));
    }
    Optional<PrincipalId> now = current.found().orElseThrow();
    // The row names a previous principal only when it differs: what the inventory happened to hold when an
    // unchanged identity was written again depends on the order Event Grid delivered in.
    Optional<PrincipalId> changedFrom = before.filter(b -> !now.equals(Optional.of(b)));
    if (stale) {
      return Handled.of(change.withPrincipals(now, changedFrom).withSummary(changedFrom.isEmpty()
          ? written(label, resource, event, now)
          : label + resource.name() + " changed by " + event.caller().display()
              + " (an older event; the inventory already holds newer state)"));
    }
    Optional<PrincipalId> previous = before.isPresent() && now.isPresent() && !before.equals(now)
        ? before : known.flatMap(KnownIdentity::previousPrincipalId);
    inventory.putIdentity(
        new KnownIdentity(resource, identityKind, now.or(() -> before), clientId.or(() -> known.flatMap(
            KnownIdentity::clientId)), event.eventTime(), now.isEmpty(), event.eventId(), previous));

    List<Finding> findings = new ArrayList<>();
    String summary;
    if (before.isPresent() && now.isPresent() && !before.equals(now)) {
      List<KnownAssignment> oldGrants = inventory.assignmentsOf(before.get());
      IdentityRecycle recycle =
          new IdentityRecycle(resource, before.get(), now.get(), oldGrants, FindingDraft.Source.EVENT,
              Optional.of(event.eventId()));
      for (IdentityChangeDetector detector : Detectors.IDENTITY_CHANGE) {
        detector.inspect(recycle).ifPresent(d -> findings.add(ledger.raise(d.withDetail(event.changedBy()),
            event.eventTime())));
      }
      summary = label + resource.name() + " identity recreated by " + event.caller().display() + ": principal "
          + before.get() + " -> " + now.get() + "; " + oldGrants.size() + " grant(s) left on the old principal";
    } else if (before.isPresent() && now.isEmpty()) {
      summary = label + resource.name() + " system-assigned identity turned off by " + event.caller().display()
          + "; principal " + before.get() + " and its grants are orphaned";
    } else {
      summary = written(label, resource, event, now);
    }
    return new Handled(change.withPrincipals(now, changedFrom).withSummary(summary), findings);
  }

  private static String written(String label, Scope resource, ResourceEvent event, Optional<PrincipalId> now) {
    return label + resource.name() + " written by " + event.caller().display()
        + now.map(p -> "; identity principal " + p).orElse("; no system-assigned identity");
  }
}
