package com.accessauditor.detect;

import com.accessauditor.rbac.BuiltInRoles;
import static com.accessauditor.detect.Facts.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.findings.Severity;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.inventory.KnownRole;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CUSTOM_ROLE_CHANGED, ROLE_ASSIGNMENT_QUOTA and MISSED_EVENT. */
class TenantChangeDetectorsTest {
  private static final String ROLE_ID = "/subscriptions/" + Facts.SUB
      + "/providers/Microsoft.Authorization/roleDefinitions/7d1e2f3a-0000-4000-8000-00000000d001";

  private static RoleDefinition role(List<String> actions, List<String> notActions) {
    return new RoleDefinition(ROLE_ID, "App Deployer", "CustomRole",
        List.of(new RoleDefinition.Permission(actions, notActions, List.of(), List.of())),
        List.of("/subscriptions/" + Facts.SUB));
  }

  @Test
  void aCustomRoleThatGainedRoleAssignmentWriteIsAHighChangeListingWhatWasAdded() {
    Facts facts = new Facts()
        .known(new KnownRole(role(List.of("Microsoft.Web/sites/*"), List.of()), Instant.parse("2026-11-22T00:00:00Z")))
        .definition(role(List.of("Microsoft.Web/sites/*", "Microsoft.Authorization/roleAssignments/write"), List.of()));

    assertThat(new CustomRoleChangedDetector().inspect(facts.build())).singleElement().satisfies(d -> {
      assertThat(d.severity()).isEqualTo(Severity.HIGH);
      assertThat(d.detail()).contains("Added: [action microsoft.authorization/roleassignments/write]");
    });
  }

  @Test
  void anUnchangedOrFirstSeenCustomRoleIsNotReported() {
    RoleDefinition same = role(List.of("Microsoft.Web/sites/read"), List.of());
    assertThat(new CustomRoleChangedDetector().inspect(new Facts().known(new KnownRole(same, Instant.EPOCH))
        .definition(same).build())).isEmpty();
    assertThat(new CustomRoleChangedDetector().inspect(new Facts().definition(same).build())).isEmpty();
  }

  @Test
  void aSubscriptionAt80PercentOfItsAssignmentsIsReportedAndOneBelowIsNot() {
    Facts below = new Facts();
    for (int i = 0; i < RoleAssignmentQuotaDetector.WARN_AT - 1; i++) {
      below.assign(id(i), BuiltInRoles.READER, Facts.RG);
    }
    assertThat(new RoleAssignmentQuotaDetector().inspect(below.build())).isEmpty();

    below.assign(id(99_999), BuiltInRoles.READER, Facts.RG);
    assertThat(new RoleAssignmentQuotaDetector().inspect(below.build())).singleElement().satisfies(d -> {
      assertThat(d.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(d.title()).contains("uses 3200 of 4000 role assignments (80%)");
    });
  }

  @Test
  void anAssignmentCreatedSinceTheLastSweepThatNoEventRecordedIsAMissedEvent() {
    Instant lastSweep = Facts.NOW.minus(Duration.ofHours(6));
    Facts facts = new Facts().lastCompleteSweep(lastSweep);
    facts.assign(id(1), "User", BuiltInRoles.READER, Facts.RG, Optional.of(Facts.NOW.minus(Duration.ofHours(2))));

    assertThat(new MissedEventDetector().inspect(facts.build())).singleElement()
        .satisfies(d -> assertThat(d.detail()).contains("never recorded it").contains("by admin@contoso.com"));
  }

  @Test
  void assignmentsTheEventPathRecordedOrTooRecentOrBeforeAnySweepAreNotMissedEvents() {
    Instant lastSweep = Facts.NOW.minus(Duration.ofHours(6));
    Facts facts = new Facts().lastCompleteSweep(lastSweep);
    RoleAssignment recorded = facts.assign(id(1), "User", BuiltInRoles.READER, Facts.RG,
        Optional.of(Facts.NOW.minus(Duration.ofHours(2))));
    facts.known(new KnownAssignment(recorded.id(), recorded.scope(), Optional.of(recorded), "Reader",
        Facts.NOW.minus(Duration.ofHours(2)), false, "6d1f0a8e-3b4c-4f2a-9e7d-0c1b2a3d4e5f"));
    facts.assign(id(2), "User", BuiltInRoles.READER, Facts.RG, Optional.of(Facts.NOW.minus(Duration.ofMinutes(5))));
    assertThat(new MissedEventDetector().inspect(facts.build())).isEmpty();

    Facts neverSwept = new Facts();
    neverSwept.assign(id(3), "User", BuiltInRoles.READER, Facts.RG, Optional.of(Facts.NOW.minus(Duration.ofHours(2))));
    assertThat(new MissedEventDetector().inspect(neverSwept.build())).isEmpty();
  }

  @Test
  void anAssignmentGoneWithoutADeleteEventIsAMissedEvent() {
    Facts facts = new Facts().lastCompleteSweep(Facts.NOW.minus(Duration.ofHours(6)));
    String id = Facts.RG.value() + "/providers/Microsoft.Authorization/roleAssignments/5e0e7a10-0000-4000-8000-00000000ffff";
    facts.known(new KnownAssignment(id, Facts.RG, Optional.empty(), "Reader", Facts.NOW.minus(Duration.ofHours(6)),
        false, "sweep"));

    assertThat(new MissedEventDetector().inspect(facts.build())).singleElement()
        .satisfies(d -> assertThat(d.title()).endsWith("deleted"));
  }
}
