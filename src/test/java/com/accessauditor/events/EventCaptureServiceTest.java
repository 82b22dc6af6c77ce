package com.accessauditor.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.alerts.AlertPolicy;
import com.accessauditor.alerts.AlertingFindingStore;
import com.accessauditor.app.Stores;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.FindingStatus;
import com.accessauditor.findings.Severity;
import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.model.DenyAssignment;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Scope;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.Resources;
import com.accessauditor.support.RoleAssignmentEvents;
import java.time.Clock;
import com.accessauditor.findings.Suppression;
import com.accessauditor.model.ActiveAssignment;
import com.accessauditor.snapshot.SnapshotShapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCaptureServiceTest {
  private static final String OWNER_ASSIGNMENT = "/subscriptions/11111111-2222-3333-4444-555555555555/providers"
      + "/Microsoft.Authorization/roleAssignments/b0f43c54-e787-4862-89b1-a653fa9cf747";
  private final Stores stores = Stores.inMemory();
  private final SnapshotTenant tenant = SnapshotTenant.load(Resources.path("snapshots/owner-grant"));
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);
  private final Arm arm = new Arm();
  /** ARM answering every look-up with a 503. */
  private static final AuthorizationReader ARM_DOWN = new AuthorizationReader() {
    @Override
    public Lookup<RoleAssignment> roleAssignment(String id) {
      return Lookup.failed("HTTP 503 ServiceUnavailable");
    }

    @Override
    public Lookup<RoleDefinition> roleDefinition(String id) {
      return Lookup.failed("HTTP 503 ServiceUnavailable");
    }

    @Override
    public Lookup<List<RoleAssignment>> roleAssignmentsFor(Scope scope) {
      return Lookup.failed("HTTP 503 ServiceUnavailable");
    }

    @Override
    public Lookup<List<RoleDefinition>> roleDefinitionsAt(Scope scope) {
      return Lookup.failed("HTTP 503 ServiceUnavailable");
    }

    @Override
    public Lookup<List<DenyAssignment>> denyAssignmentsFor(Scope scope) {
      return Lookup.failed("HTTP 503 ServiceUnavailable");
    }
  };


  /** The snapshot as ARM, which answers 404 for role assignments once they are deleted. */
  private final class Arm implements AuthorizationReader {
    boolean deleted;

    @Override
    public Lookup<RoleAssignment> roleAssignment(String id) {
      return deleted ? Lookup.notFound("role assignment " + id) : tenant.roleAssignment(id);
    }

    @Override
    public Lookup<RoleDefinition> roleDefinition(String id) {
      return tenant.roleDefinition(id);
    }

    @Override
    public Lookup<List<RoleAssignment>> roleAssignmentsFor(Scope scope) {
      return tenant.roleAssignmentsFor(scope);
    }

    @Override
    public Lookup<List<RoleDefinition>> roleDefinitionsAt(Scope s) {
      return tenant.roleDefinitionsAt(s);
    }

    @Override
    public Lookup<List<DenyAssignment>> denyAssignmentsFor(Scope s) {
      return tenant.denyAssignmentsFor(s);
    }

    /** PIM's schedule instances: none unless a test says so. */
    List<ActiveAssignment> pim = List.of();

    @Override
    public Lookup<List<ActiveAssignment>> activeAssignmentsFor(Scope s) {
      return Lookup.found(pim);
    }
  }

  /**
   * Microsoft's roleAssignmentScheduleInstances example, made the instance of the owner-grant assignment:
   * {@code Assigned} as the example has it, or {@code Activated} as PIM lists an activation.
   */
  private static ActiveAssignment scheduleInstance(String assignmentType) {
    String page = Resources.text("arm/pim/roleAssignmentScheduleInstances.json")
        .replace("/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f/providers/Microsoft.Authorization/roleAssignments/"
            + "ed9b8180-cef7-4c77-a63c-b8566ecfc412", OWNER_ASSIGNMENT)
        .replace("a3bb8764-cb92-4276-9d2a-ca1e895e55ea", "3c2d1e0f-1111-4a4a-9b9b-0a0b0c0d0e01")
        .replace("dfa2a084-766f-4003-8ae1-c4aeb893a99f", "11111111-2222-3333-4444-555555555555")
        .replace("\"assignmentType\": \"Assigned\"", "\"assignmentType\": \"" + assignmentType + "\"");
    try {
      return SnapshotShapes.activeAssignment(new ObjectMapper().readTree(page).get("value").get(0));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void anOwnerGrantThatPimListsAsAnActivationIsRecordedQuietlyNamingItsEligibilityAndPagesNobody() {
    arm.pim = List.of(scheduleInstance("Activated"));
    EventCaptureService service = alertingService(QuietCallers.none());

    List<EventResult> results = service.handle(Resources.text("events/roleAssignment_write_owner_at_subscription.json"),
        "test");

    assertThat(results.get(0).message()).contains("[PIM activation of eligibility b1477448-2cc6-4ceb-93b4-54a202a89413");
    assertThat(stores.findings().list()).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(FindingKind.PRIVILEGED_GRANT);
      assertThat(f.status()).as("no open PRIVILEGED_GRANT stands for an activation").isEqualTo(FindingStatus.SUPPRESSED);
      assertThat(f.suppression()).hasValueSatisfying(s -> {
        assertThat(s.origin()).isEqualTo(Suppression.Origin.PIM_ACTIVATION);
        assertThat(s.because()).contains("b1477448-2cc6-4ceb-93b4-54a202a89413");
      });
    });
    assertThat(stores.alerts().list()).isEmpty();
  }

  @Test
  void aGrantPimListsAsAssignedIsNoActivationEvenWithALinkToAnEligibility() {
    arm.pim = List.of(scheduleInstance("Assigned")); // Microsoft's example as it is: Assigned, and linked
    EventCaptureService service = alertingService(QuietCallers.none());

    service.handle(Resources.text("events/roleAssignment_write_owner_at_subscription.json"), "test");

    assertThat(stores.findings().list()).singleElement()
        .satisfies(f -> assertThat(f.status()).isEqualTo(FindingStatus.OPEN));
    assertThat(stores.alerts().list()).extracting(a -> a.kind().name()).containsExactly("OPENED");
  }

  @Test
  void withAlertsOnPimActivationsConfiguredAnActivationPagesLikeAnyOtherGrant() {
    arm.pim = List.of(scheduleInstance("Activated"));
    AlertingFindingStore findings = new AlertingFindingStore(stores.findings(), stores.alerts(), stores.suppressions(),
        AlertPolicy.defaults(List.of("ops")).withPimActivations(true), clock);
    EventCaptureService service = new EventCaptureService(arm, tenant, tenant, stores.inventory(), stores.changes(),
        findings, stores.poison(), clock, QuietCallers.none());

    service.handle(Resources.text("events/roleAssignment_write_owner_at_subscription.json"), "test");

    assertThat(stores.findings().list()).singleElement()
        .satisfies(f -> assertThat(f.status()).isEqualTo(FindingStatus.OPEN));
    assertThat(stores.alerts().list()).extracting(a -> a.kind().name()).containsExactly("OPENED");
  }

  private EventCaptureService service(AuthorizationReader authorization) {
    return new EventCaptureService(authorization, tenant, tenant, stores.inventory(), stores.changes(),
        stores.findings(), stores.poison(), clock, QuietCallers.none());
  }

  @Test
  void ownerGrantAtSubscriptionIsRecordedWithItsCallerAndRaisesACriticalFinding() {
    List<EventResult> results = service(arm).handle(
        Resources.text("events/roleAssignment_write_owner_at_subscription.json"), "test");

    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.status()).isEqualTo(EventResult.Status.RECORDED);
      assertThat(r.message()).contains("Owner granted to User Jordan Ops").contains("by admin@contoso.com");
    });
    Change change = stores.changes().list().get(0);
    assertThat(change.caller().objectId()).contains("f7202482-ee08-4d1c-8665-1b25942e1c59");
    assertThat(change.principalId().map(Object::toString)).contains("3c2d1e0f-1111-4a4a-9b9b-0a0b0c0d0e01");
    assertThat(change.roleName()).contains("Owner");
    assertThat(stores.findings().list()).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(FindingKind.PRIVILEGED_GRANT);
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.evidence()).containsExactly("6d1f0a8e-3b4c-4f2a-9e7d-0c1b2a3d4e5f");
      assertThat(f.detail()).as("alerts say who changed it and when").contains("Changed by admin@contoso.com at ");
    });
  }

  /** The owner-grant event as the PIM service would send it: an app caller, no user. */
  private static String activatedByPim(String event) {
    return event.replace("\"c44b4083-3bb0-49c1-b47d-974e53cbdf3c\"", "\"" + PIM_APP + "\"")
        .replace("admin@contoso.com", "");
  }

  private static final String PIM_APP = "3f9c1b2a-0000-4000-8000-00000000b1a5";

  private EventCaptureService alertingService(QuietCallers quiet) {
    AlertingFindingStore findings = new AlertingFindingStore(stores.findings(), stores.alerts(),
        stores.suppressions(), AlertPolicy.defaults(List.of("ops")), clock);
    return new EventCaptureService(arm, tenant, tenant, stores.inventory(), stores.changes(), findings,
        stores.poison(), clock, quiet);
  }

  @Test
  void anOwnerGrantByAQuietCallerIsRecordedSuppressedNamingTheCallerAndPagesNobodyUntilItResolves() {
    String write = activatedByPim(Resources.text("events/roleAssignment_write_owner_at_subscription.json"));
    EventCaptureService service = alertingService(QuietCallers.parse(PIM_APP + "=PIM activation"));

    List<EventResult> results = service.handle(write, "test");

    assertThat(results.get(0).message()).contains("[quiet caller: pages nobody]");
    assertThat(stores.findings().list()).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.status()).isEqualTo(FindingStatus.SUPPRESSED);
      assertThat(f.suppression()).hasValueSatisfying(s -> assertThat(s.because())
          .isEqualTo("changed by app " + PIM_APP + ": PIM activation"));
    });
    arm.deleted = true;
    service.handle(deleteOf(write, "2024-05-01T11:00:00Z"), "test");
    assertThat(stores.findings().list()).singleElement()
        .satisfies(f -> assertThat(f.status()).isEqualTo(FindingStatus.RESOLVED));
    assertThat(stores.alerts().list()).as("neither the activation nor its end pages anyone").isEmpty();
  }

  @Test
  void theSameGrantByAnyoneElseIsAlerted() {
    EventCaptureService service = alertingService(QuietCallers.parse(PIM_APP + "=PIM activation"));

    service.handle(Resources.text("events/roleAssignment_write_owner_at_subscription.json"), "test");

    assertThat(stores.findings().list()).singleElement()
        .satisfies(f -> assertThat(f.status()).isEqualTo(FindingStatus.OPEN));
    assertThat(stores.alerts().list()).extracting(a -> a.kind().name()).containsExactly("OPENED");
  }

  @Test
  void theDocumentedSampleIsAnOwnerGrantAtResourceGroupScopeAndRaisesAHighFinding() {
    service(arm).handle(Resources.text("samples/SYNTHETIC_eventgrid_roleAssignment_write.json"), "test");

    assertThat(stores.findings().list()).singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.HIGH))
        .satisfies(f -> assertThat(f.scope()).endsWith("/resourceGroups/rg-app"));
  }

  @Test
  void aRedeliveredEventAddsNothing() {
    String event = Resources.text("events/roleAssignment_write_owner_at_subscription.json");
    service(arm).handle(event, "test");
    List<Finding> before = stores.findings().list();

    List<EventResult> again = service(arm).handle(event, "test");

    assertThat(again).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(EventResult.Status.DUPLICATE));
    assertThat(stores.changes().list()).hasSize(1);
    assertThat(stores.findings().list()).isEqualTo(before);
  }

  @Test
  void aDeleteSaysWhoLostWhichRoleAndResolvesTheFinding() {
    String write = Resources.text("events/roleAssignment_write_owner_at_subscription.json");
    service(arm).handle(write, "test");

    arm.deleted = true;
    List<EventResult> results = service(arm).handle(deleteOf(write, "2024-05-01T11:00:00Z"), "test");

    assertThat(results.get(0).message()).contains("lost Owner at /subscriptions/11111111-2222-3333-4444-555555555555");
    assertThat(stores.findings().list()).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(FindingStatus.RESOLVED);
      assertThat(f.resolvedAt()).contains(Instant.parse("2024-05-01T11:00:00Z"));
    });
  }

  @Test
  void aLateOlderWriteDoesNotBringBackADeletedAssignment() {
    String write = Resources.text("events/roleAssignment_write_owner_at_subscription.json");
    service(arm).handle(write, "test");
    arm.deleted = true;
    service(arm).handle(deleteOf(write, "2024-05-01T11:00:00Z"), "test");
    // The same grant re-announced by an older event (a redelivery under another id, out of order).
    String olderWrite = write.replace("6d1f0a8e-3b4c-4f2a-9e7d-0c1b2a3d4e5f", "6d1f0a8e-3b4c-4f2a-9e7d-0c1b2a3d4e60")
        .replace("2024-05-01T10:15:30.1234567Z", "2024-05-01T10:30:00Z");

    service(arm).handle(olderWrite, "test");

    assertThat(stores.inventory().assignment(
        "/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.Authorization/roleAssignments/"
            + "b0f43c54-e787-4862-89b1-a653fa9cf747")).hasValueSatisfying(a -> assertThat(a.deleted()).isTrue());
  }

  @Test
  void aDeleteOfAnAssignmentNeverSeenIsRecordedAndMarkedForTheSweep() {
    String write = Resources.text("events/roleAssignment_write_owner_at_subscription.json");

    arm.deleted = true;
    service(arm).handle(deleteOf(write, "2024-05-01T11:00:00Z"), "test");

    Change change = stores.changes().list().get(0);
    assertThat(change.complete()).isFalse();
    assertThat(change.pendingReason()).hasValueSatisfying(r -> assertThat(r).contains("not in the last-known inventory"));
  }

  @Test
  void aFailedArmLookupKeepsTheChangeWithWhatTheEventSaysAndRaisesNothing() {

    List<EventResult> results =
        service(ARM_DOWN).handle(Resources.text("events/roleAssignment_write_owner_at_subscription.json"), "test");

    assertThat(results.get(0).status()).isEqualTo(EventResult.Status.RECORDED);
    Change change = stores.changes().list().get(0);
    assertThat(change.pendingReason()).hasValueSatisfying(r -> assertThat(r).contains("HTTP 503"));
    assertThat(change.caller().upn()).contains("admin@contoso.com");
    assertThat(stores.findings().list()).isEmpty();
  }

  @Test
  void anEventThatHitAHandlerBugIsKeptWholeAndReplaysOnceTheBugIsGone() {
    AuthorizationReader buggy = new AuthorizationReader() {
      @Override
      public Lookup<RoleAssignment> roleAssignment(String id) {
        throw new IllegalStateException("bug in a handler");
      }

      @Override
      public Lookup<RoleDefinition> roleDefinition(String id) {
        return tenant.roleDefinition(id);
      }

      @Override
      public Lookup<List<RoleAssignment>> roleAssignmentsFor(Scope scope) {
        return tenant.roleAssignmentsFor(scope);
      }

      @Override
      public Lookup<List<RoleDefinition>> roleDefinitionsAt(Scope scope) {
        return tenant.roleDefinitionsAt(scope);
      }

      @Override
      public Lookup<List<DenyAssignment>> denyAssignmentsFor(Scope scope) {
        return tenant.denyAssignmentsFor(scope);
      }
    };
    String event = Resources.text("events/roleAssignment_write_owner_at_subscription.json");
    assertThat(service(buggy).handle(event, "eventgrid")).singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(EventResult.Status.POISONED));
    assertThat(stores.poison().list()).singleElement()
        .satisfies(p -> assertThat(p.raw()).contains("6d1f0a8e-3b4c-4f2a-9e7d-0c1b2a3d4e5f"));

    List<EventCaptureService.PoisonReplay> replayed = service(arm).replayPoison();

    assertThat(replayed).singleElement().satisfies(r -> assertThat(r.cleared()).isTrue());
    assertThat(stores.poison().list()).isEmpty();
    assertThat(stores.findings().list()).extracting(Finding::kind).containsExactly(FindingKind.PRIVILEGED_GRANT);
  }

  @Test
  void oneBrokenEventInABatchIsPoisonedAndTheOthersAreCaptured() {
    String good = Resources.text("events/roleAssignment_write_owner_at_subscription.json").trim();
    String batch = "[" + good.substring(1, good.length() - 1) + ",{\"id\":\"broken-1\",\"eventType\":"
        + "\"Microsoft.Resources.ResourceWriteSuccess\",\"eventTime\":\"2026-01-01T00:00:00Z\",\"data\":{}}]";

    List<EventResult> results = service(arm).handle(batch, "batch.json");

    assertThat(results).extracting(EventResult::status)
        .containsExactly(EventResult.Status.RECORDED, EventResult.Status.POISONED);
    assertThat(stores.poison().list()).singleElement().satisfies(p -> {
      assertThat(p.eventId()).isEqualTo("broken-1");
      assertThat(p.source()).isEqualTo("batch.json");
      assertThat(p.reason()).isEqualTo("missing 'data.operationName'");
      assertThat(p.raw()).contains("broken-1");
    });
  }

  @Test
  void failedOperationsAreRecordedAsAttemptsWithoutALookup() {
    String failed = Resources.text("events/roleAssignment_write_owner_at_subscription.json")
        .replace("ResourceWriteSuccess", "ResourceWriteFailure");

    List<EventResult> results = service(arm).handle(failed, "test");

    assertThat(results.get(0).status()).isEqualTo(EventResult.Status.ATTEMPT);
    assertThat(stores.changes().list().get(0).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(stores.findings().list()).isEmpty();
  }

  private static String deleteOf(String writeEvent, String time) {
    return RoleAssignmentEvents.deleteOf(writeEvent, "d0000000-0000-4000-8000-000000000001", time);
  }

  @Test
  void aForgedDeleteOfAGrantThatStillExistsLeavesItsFindingOpenAndItsInventoryRowLive() {
    String write = Resources.text("events/roleAssignment_write_owner_at_subscription.json");
    service(arm).handle(write, "test");

    List<EventResult> results = service(arm).handle(deleteOf(write, "2024-05-01T11:00:00Z")
        .replace("admin@contoso.com", "attacker@contoso.com"), "test");

    assertThat(results.get(0).message()).contains("ARM still has the assignment").contains("not confirmed");
    assertThat(stores.findings().list()).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(FindingKind.PRIVILEGED_GRANT);
      assertThat(f.status()).isEqualTo(FindingStatus.OPEN);
    });
    assertThat(stores.inventory().assignment(OWNER_ASSIGNMENT)).hasValueSatisfying(k ->
        assertThat(k.deleted()).isFalse());
    Change delete = stores.changes().list().stream().filter(c -> c.kind() == ChangeKind.ROLE_ASSIGNMENT_DELETE)
        .findFirst().orElseThrow();
    assertThat(delete.complete()).isFalse();
    assertThat(delete.pendingReason()).hasValueSatisfying(r -> assertThat(r).contains("ARM did not confirm"));
  }

  @Test
  void aDeleteThatArmCannotConfirmResolvesNothingAndWaitsForTheSweep() {
    String write = Resources.text("events/roleAssignment_write_owner_at_subscription.json");
    service(arm).handle(write, "test");

    service(ARM_DOWN).handle(deleteOf(write, "2024-05-01T11:00:00Z"), "test");

    assertThat(stores.findings().list()).singleElement().satisfies(f ->
        assertThat(f.status()).isEqualTo(FindingStatus.OPEN));
    assertThat(stores.inventory().assignment(OWNER_ASSIGNMENT)).hasValueSatisfying(k ->
        assertThat(k.deleted()).isFalse());
    assertThat(stores.changes().list()).anySatisfy(c -> assertThat(c.pendingReason()).hasValueSatisfying(r ->
        assertThat(r).contains("could not confirm the removal").contains("503")));
  }

  @Test
  void anEventDatedInTheFutureIsKeptInPoisonAndChangesNothing() {
    String write = Resources.text("events/roleAssignment_write_owner_at_subscription.json");
    service(arm).handle(write, "test");
    arm.deleted = true;

    List<EventResult> results = service(arm).handle(deleteOf(write, "2999-01-01T00:00:00Z"), "test");

    assertThat(results).singleElement().satisfies(r -> assertThat(r.message()).contains("in the future"));
    assertThat(stores.poison().list()).singleElement().satisfies(p -> assertThat(p.reason()).contains("2999"));
    assertThat(stores.findings().list()).singleElement().satisfies(f ->
        assertThat(f.status()).isEqualTo(FindingStatus.OPEN));
    assertThat(stores.inventory().assignment(OWNER_ASSIGNMENT)).hasValueSatisfying(k -> {
      assertThat(k.deleted()).isFalse();
      assertThat(k.asOf()).isBefore(clock.instant());
    });

    service(arm).handle(deleteOf(write, "2024-05-01T11:00:00Z"), "test");
    assertThat(stores.findings().list()).singleElement().as("the real delete still counts").satisfies(f ->
        assertThat(f.status()).isEqualTo(FindingStatus.RESOLVED));
  }
}
