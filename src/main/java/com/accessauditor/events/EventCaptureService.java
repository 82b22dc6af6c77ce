package com.accessauditor.events;

import com.accessauditor.findings.FindingLedger;
import com.accessauditor.findings.FindingStore;
import com.accessauditor.findings.Fingerprint;
import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.InventoryStore;
import com.accessauditor.inventory.ResourceReader;
import com.accessauditor.model.StoreUnavailableException;
import com.accessauditor.model.Text;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The event path, shared by the Event Grid function, the webhook function and the `replay` command:
 * parse a delivery, then for each event independently classify, de-duplicate, complete from ARM or the
 * inventory, raise findings and record the change. A bad event is kept in the poison table and never
 * stops its neighbours; a store outage stops the delivery so Event Grid redelivers it.
 */
public final class EventCaptureService {
  /** What a table property can hold of a poison event (64 KiB of UTF-16). */
  static final int MAX_POISON_CHARS = 32_000;

  /** Clocks differ a little; an event dated further ahead than this is refused. */
  static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofMinutes(5);
  private static final Logger LOG = Logger.getLogger(EventCaptureService.class.getName());

  private final EventParser parser = new EventParser();
  private final ChangeStore changes;
  private final PoisonStore poison;
  private final Clock clock;
  private final Map<ChangeKind, ChangeHandler> handlers = new EnumMap<>(ChangeKind.class);

  /** @param quiet callers whose grants are recorded as suppressed instead of paging anyone */
  public EventCaptureService(
      AuthorizationReader authorization,
      ResourceReader resources,
      Directory directory,
      InventoryStore inventory,
      ChangeStore changes,
      FindingStore findings,
      PoisonStore poison,
      Clock clock,
      QuietCallers quiet) {
    this.changes = changes;
    this.poison = poison;
    this.clock = clock;
    FindingLedger ledger = new FindingLedger(findings);
    ChangeHandler assignments = new AssignmentChanges(authorization, directory, inventory, ledger, quiet, changes);
    ChangeHandler identities = new IdentityChanges(resources, inventory, ledger);
    ChangeHandler roles = new RoleDefinitionChanges(authorization);
    handlers.put(ChangeKind.ROLE_ASSIGNMENT_WRITE, assignments);
    handlers.put(ChangeKind.ROLE_ASSIGNMENT_DELETE, assignments);
    handlers.put(ChangeKind.ROLE_DEFINITION_WRITE, roles);
    handlers.put(ChangeKind.ROLE_DEFINITION_DELETE, roles);
    handlers.put(ChangeKind.USER_ASSIGNED_IDENTITY_WRITE, identities);
    handlers.put(ChangeKind.USER_ASSIGNED_IDENTITY_DELETE, identities);
    handlers.put(ChangeKind.SITE_WRITE, identities);
    handlers.put(ChangeKind.SITE_DELETE, identities);
  }

  /**
   * Handles one delivery (an event or an array of them).
   *
   * @param source where it came from, for the poison table: "eventgrid", "webhook", a file name
   * @throws StoreUnavailableException when Table Storage fails; what was written is safe to write again
   */
  public List<EventResult> handle(String body, String source) {
    return handle(body, source, true);
  }

  /** @param keepPoison false when replaying a kept event: a failure leaves its row as it is, not a second one */
  private List<EventResult> handle(String body, String source, boolean keepPoison) {
    List<EventResult> results = new ArrayList<>();
    for (ParsedEvent parsed : parser.parse(body)) {
      results.add(handle(parsed, source, keepPoison));
    }
    return results;
  }

  private EventResult handle(ParsedEvent parsed, String source, boolean keepPoison) {
    if (parsed instanceof ParsedEvent.Malformed bad) {
      return poisoned(bad.index(), bad.eventId(), bad.reason(), bad.raw(), source, keepPoison);
    }
    if (parsed instanceof ParsedEvent.Validation v) {
      return new EventResult(v.index(), v.eventId(), EventResult.Status.VALIDATION, Optional.empty(), List.of(),
          v.validationCode());
    }
    if (parsed instanceof ParsedEvent.Other other) {
      return ignored(other.index(), other.eventId(), "event type " + Text.clip(other.eventType()) + " is not audited");
    }
    ParsedEvent.Resource resource = (ParsedEvent.Resource) parsed;
    ResourceEvent event = resource.event();
    if (event.eventTime().isAfter(clock.instant().plus(CLOCK_SKEW))) {
      // Stored, it would outrank every real event for the same row: "newer state wins" would keep a forged
      // 2999 delete in force for good. Kept for replay instead.
      return poisoned(parsed.index(), event.eventId(), "eventTime " + event.eventTime() + " lies more than "
          + CLOCK_SKEW.toMinutes() + " minutes in the future of this clock (" + clock.instant() + "): refused, so"
          + " that no stored time lies in the future; replay it (replay --poison) if the clock was wrong",
          resource.raw(), source, keepPoison);
    }
    try {
      return capture(parsed.index(), event);
    } catch (StoreUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "event " + Text.clip(event.eventId()) + " could not be handled", e);
      return poisoned(parsed.index(), event.eventId(), "handler error: " + e, resource.raw(), source, keepPoison);
    }
  }

  private EventResult capture(int index, ResourceEvent event) {
    Optional<ChangeKind> kind = ChangeKind.ofOperation(event.operationName());
    if (kind.isEmpty()) {
      return ignored(index, event.eventId(), "operation " + Text.clip(event.operationName()) + " is not audited");
    }
    Optional<Change> earlier = changes.find(event.eventId(), event.eventTime());
    if (earlier.isPresent()) {
      return new EventResult(index, event.eventId(), EventResult.Status.DUPLICATE, earlier, List.of(),
          "already recorded");
    }
    Outcome outcome = Outcome.ofEventType(event.eventType());
    if (outcome != Outcome.SUCCEEDED) {
      Change attempt =
          Change.fromEvent(event, kind.get(), outcome, "Attempted " + event.operationName() + " by "
              + event.caller().display() + " on " + event.resourceUri() + ": " + outcome.name().toLowerCase());
      changes.put(attempt);
      return new EventResult(index, event.eventId(), EventResult.Status.ATTEMPT, Optional.of(attempt), List.of(),
          attempt.summary());
    }
    Handled handled = handlers.get(kind.get()).handle(event, kind.get());
    // Written last: its presence is what marks the event as done, so a crash before it means a redelivery
    // redoes the (idempotent) inventory and finding writes.
    changes.put(handled.change());
    return new EventResult(index, event.eventId(), EventResult.Status.RECORDED, Optional.of(handled.change()),
        handled.findings(), handled.change().summary());
  }

  /**
   * Feeds every kept poison event through the handler again (after a fix, or when a look-up failure that
   * poisoned it has passed). An event that is now handled leaves the poison table; one that still fails
   * stays, with its new reason. A row cut to fit the table cannot be replayed and is reported.
   */
  public List<PoisonReplay> replayPoison() {
    List<PoisonReplay> out = new ArrayList<>();
    for (PoisonEvent kept : poison.list()) {
      if (kept.truncated() || kept.raw().isBlank()) {
        // Cut to fit a table property (or kept by a version that did not store the event): not replayable.
        out.add(new PoisonReplay(kept, List.of(), false));
        continue;
      }
      List<EventResult> results = handle(kept.raw(), "replay of " + kept.source(), false);
      boolean cleared = results.stream().noneMatch(r -> r.status() == EventResult.Status.POISONED);
      if (cleared) {
        poison.remove(kept);
      }
      out.add(new PoisonReplay(kept, results, cleared));
    }
    return out;
  }

  /** The outcome of replaying one kept poison event. */
  public record PoisonReplay(PoisonEvent event, List<EventResult> results, boolean cleared) {}

  private EventResult poisoned(int index, String eventId, String reason, String raw, String source, boolean keep) {
    String kept = Text.wellFormed(raw);
    boolean truncated = kept.length() > MAX_POISON_CHARS;
    String receipt = Fingerprint.hash(eventId + "\n" + raw + "\n" + reason);
    if (keep) {
      // Whatever it holds, the row must be one Table Storage takes, or the event is neither kept nor let go.
      poison.put(new PoisonEvent(receipt, clock.instant(), Text.clip(eventId), Text.wellFormed(source),
          Text.wellFormed(reason.length() > MAX_POISON_CHARS / 4 ? reason.substring(0, MAX_POISON_CHARS / 4) : reason),
          truncated ? Text.wellFormed(kept.substring(0, MAX_POISON_CHARS - 6)) : kept, truncated));
    }
    LOG.warning("event " + (index + 1) + (eventId.isEmpty() ? "" : " (" + Text.clip(eventId) + ")") + " from "
        + Text.clip(source) + " kept in the poison table: " + Text.clip(reason));
    return new EventResult(index, eventId, EventResult.Status.POISONED, Optional.empty(), List.of(), reason);
  }

  private static EventResult ignored(int index, String eventId, String why) {
    return new EventResult(index, eventId, EventResult.Status.IGNORED, Optional.empty(), List.of(), why);
  }
}
