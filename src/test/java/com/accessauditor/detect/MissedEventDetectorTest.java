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

/** MISSED_EVENT: a change the sweep found that no event recorded. */
class MissedEventDetectorTest {
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
