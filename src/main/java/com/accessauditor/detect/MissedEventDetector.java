package com.accessauditor.detect;

import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * MISSED_EVENT: the sweep found an assignment change the event path never recorded: created after the
 * subscription's previous complete sweep with no event for it, or gone with no delete event. Either the
 * Event Grid subscription is missing, filtered, failing, or dead-lettering, and live alerts are blind.
 * Changes younger than {@link #GRACE} are left for the next sweep: their event may still be in flight.
 */
// It compares one subscription's listed grants with what its events recorded.
@DetectorInfo(
    kinds = FindingKind.MISSED_EVENT,
    severity = Severity.MEDIUM,
    needs = {Facet.ROLE_ASSIGNMENTS},
    resolvesWhenGone = false,
    fix = "Check the Event Grid subscription and its dead-letter location; the sweep has brought the inventory up to date")
public final class MissedEventDetector implements SweepDetector {
  static final Duration GRACE = Duration.ofMinutes(30);
  /** Rows the sweep itself wrote carry this instead of an event id. */
  public static final String SWEEP_MARK = "sweep";

  @Override
  public List<FindingDraft> inspect(SweepFacts facts) {
    List<FindingDraft> out = new ArrayList<>();
    Instant settled = facts.now().minus(GRACE);
    Set<String> listed = new HashSet<>();
    for (RoleAssignment a : facts.assignments()) {
      listed.add(a.id().toLowerCase(Locale.ROOT));
      Optional<String> sub = a.scope().subscriptionId();
      Optional<Instant> previous = sub.map(s -> facts.known().lastCompleteSweep().get(s));
      if (sub.isEmpty() || previous.isEmpty() || a.createdOn().isEmpty()
          || !facts.covered(Facet.ROLE_ASSIGNMENTS, sub.get())) {
        continue;
      }
      Instant created = a.createdOn().get();
      KnownAssignment known = facts.known().assignments().get(a.id().toLowerCase(Locale.ROOT));
      boolean recordedByEvent = known != null && !known.lastEventId().startsWith(SWEEP_MARK);
      if (created.isAfter(previous.get().minus(GRACE)) && created.isBefore(settled) && !recordedByEvent) {
        out.add(draft(a.id(), a.scope(), facts.roleName(a), a.principalId().value(), "created " + created
            + a.createdBy().map(b -> " by " + b).orElse("")));
      }
    }
    for (KnownAssignment known : facts.known().assignments().values()) {
      Optional<String> sub = known.scope().subscriptionId();
      if (known.deleted() || sub.isEmpty() || !facts.known().lastCompleteSweep().containsKey(sub.get())
          || !facts.covered(Facet.ROLE_ASSIGNMENTS, sub.get()) || known.asOf().isAfter(settled)
          || facts.scopes().stream().noneMatch(s -> s.contains(known.scope()))
          || listed.contains(known.id().toLowerCase(Locale.ROOT))) {
        continue;
      }
      out.add(draft(known.id(), known.scope(), known.roleName(),
          known.grant().map(g -> g.principalId().value()).orElse(""), "deleted after " + known.asOf()));
    }
    return out;
  }

  private static FindingDraft draft(String id, Scope scope, String role, String principal, String what) {
    return new FindingDraft(FindingKind.MISSED_EVENT, Severity.MEDIUM, id, scope.subscriptionId().orElse(""),
        scope.value(), principal, "", "", role,
        "Role assignment change without an event: " + role + " at " + scope.describe()
            + " " + what.substring(0, what.indexOf(' ')),
        "Assignment " + id + " was " + what + ", and the event path never recorded it. Live alerts are blind"
            + " while events are missed: check that the subscription's Event Grid system topic has an event"
            + " subscription to this app, that its filter includes Microsoft.Authorization operations, and"
            + " that deliveries are not failing or dead-lettered.",
        "az eventgrid system-topic list --query \"[?topicType=='Microsoft.Resources.Subscriptions']\"\n"
            + "az eventgrid system-topic event-subscription list --resource-group <rg> --system-topic-name <topic>",
        FindingDraft.Source.SWEEP, Optional.empty());
  }
}
