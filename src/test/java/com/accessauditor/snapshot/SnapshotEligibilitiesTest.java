package com.accessauditor.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.model.Lookup;
import com.accessauditor.model.RoleEligibility;
import com.accessauditor.model.Scope;
import com.accessauditor.support.Resources;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PIM eligibilities in an export: Microsoft's own example, as `az rest` saves it and as people mangle it. */
class SnapshotEligibilitiesTest {
  private static final Scope SUBSCRIPTION = Scope.parse("/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f");

  @TempDir Path dir;

  @Test
  void anEligibilityIsReadFromItsOwnPropertiesNotFromItsPartialExpandedProperties() throws Exception {
    Files.copy(Resources.path("arm/pim/roleEligibilityScheduleInstances.json"),
        dir.resolve(SnapshotTenant.ROLE_ELIGIBILITIES));

    Lookup<List<RoleEligibility>> read = SnapshotTenant.load(dir).roleEligibilitiesFor(SUBSCRIPTION);

    assertThat(read.found()).hasValueSatisfying(list -> assertThat(list).singleElement().satisfies(e -> {
      // expandedProperties names c8d4ff99-…; the instance's roleDefinitionId is Contributor.
      assertThat(e.roleDefinitionGuid()).isEqualTo("b24988ac-6180-42a0-ab88-20f7382dd24c");
      assertThat(e.scheduleGuid()).isEqualTo("b1477448-2cc6-4ceb-93b4-54a202a89413");
      assertThat(e.principalId().value()).isEqualTo("a3bb8764-cb92-4276-9d2a-ca1e895e55ea");
      assertThat(e.principalType()).isEqualTo("User");
      assertThat(e.scope()).isEqualTo(SUBSCRIPTION);
      assertThat(e.memberType()).isEqualTo("Direct");
      assertThat(e.condition()).hasValueSatisfying(c -> assertThat(c).contains("foo_storage_container"));
      assertThat(e.endDateTime()).contains(Instant.parse("2021-09-10T00:31:41.477Z"));
    }));
  }

  @Test
  void aBareArraySavedByWindowsPowerShellReadsTheSameAsTheArmPage() throws Exception {
    String page = Files.readString(Resources.path("arm/pim/roleEligibilityScheduleInstances.json"));
    Files.writeString(dir.resolve(SnapshotTenant.ROLE_ELIGIBILITIES), page);
    List<RoleEligibility> asArm = SnapshotTenant.load(dir).roleEligibilitiesFor(SUBSCRIPTION).found().orElseThrow();
    // `az rest ... --query value` prints the bare array; PowerShell 5's `>` saves it as UTF-16 LE with a BOM.
    String bare = new ObjectMapper().readTree(page).get("value").toPrettyString();
    byte[] utf16 = ("\uFEFF" + bare).getBytes(StandardCharsets.UTF_16LE);
    Files.write(dir.resolve(SnapshotTenant.ROLE_ELIGIBILITIES), utf16);

    SnapshotTenant tenant = SnapshotTenant.load(dir);

    assertThat(tenant.problems()).isEmpty();
    assertThat(tenant.roleEligibilitiesFor(SUBSCRIPTION).found()).contains(asArm);
  }

  @Test
  void anExportWithoutThePimFileHasNotReadEligibilitiesRatherThanNone() {
    Lookup<List<RoleEligibility>> read = SnapshotTenant.load(dir).roleEligibilitiesFor(SUBSCRIPTION);

    assertThat(read).isInstanceOfSatisfying(Lookup.Failed.class, f -> assertThat(f.reason())
        .contains("roleEligibilityScheduleInstances.json").contains("not exported"));
  }

  @Test
  void aRowWithoutItsScheduleIdIsNamedAndNoEligibilityOfTheFileIsTakenForNone() throws Exception {
    String page = Files.readString(Resources.path("arm/pim/roleEligibilityScheduleInstances.json"));
    Files.writeString(dir.resolve(SnapshotTenant.ROLE_ELIGIBILITIES), page.replace("\"roleEligibilityScheduleId\"",
        "\"scheduleId\""));

    SnapshotTenant tenant = SnapshotTenant.load(dir);

    assertThat(tenant.problems()).anySatisfy(p -> assertThat(p).contains(SnapshotTenant.ROLE_ELIGIBILITIES)
        .contains("item 1").contains("missing 'roleEligibilityScheduleId'"));
    assertThat(tenant.roleEligibilitiesFor(SUBSCRIPTION)).isInstanceOf(Lookup.Failed.class);
  }

  @Test
  void anActivationNamesItsEligibilityByBareGuidOrFullIdInAnyCase() {
    assertThat(RoleEligibility.finalGuid("B1477448-2CC6-4CEB-93B4-54A202A89413"))
        .isEqualTo(RoleEligibility.finalGuid("/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f/providers/"
            + "Microsoft.Authorization/RoleEligibilitySchedules/b1477448-2cc6-4ceb-93b4-54a202a89413"))
        .isEqualTo("b1477448-2cc6-4ceb-93b4-54a202a89413");
  }

  @Test
  void anAssignedInstanceLinkedToAnEligibilityIsNoActivationAndAnActivatedOneIs() throws Exception {
    Files.copy(Resources.path("arm/pim/roleEligibilityScheduleInstances.json"),
        dir.resolve(SnapshotTenant.ROLE_ELIGIBILITIES));
    String active = Files.readString(Resources.path("arm/pim/roleAssignmentScheduleInstances.json"));
    Files.writeString(dir.resolve(SnapshotTenant.ACTIVE_ASSIGNMENTS), active);
    SnapshotTenant asExported = SnapshotTenant.load(dir);
    RoleEligibility eligible = asExported.roleEligibilitiesFor(SUBSCRIPTION).found().orElseThrow().get(0);

    com.accessauditor.model.ActiveAssignment assigned =
        asExported.activeAssignmentsFor(SUBSCRIPTION).found().orElseThrow().get(0);
    // Microsoft's example: assignmentType Assigned, yet linked to the eligibility's schedule.
    assertThat(assigned.linkedEligibilityScheduleGuid()).contains(eligible.scheduleGuid());
    assertThat(assigned.originRoleAssignmentId()).hasValueSatisfying(o -> assertThat(o)
        .endsWith("/roleAssignments/ed9b8180-cef7-4c77-a63c-b8566ecfc412"));
    assertThat(assigned.isActivation()).isFalse();
    assertThat(assigned.activates(eligible)).isFalse();

    Files.writeString(dir.resolve(SnapshotTenant.ACTIVE_ASSIGNMENTS), active.replace("\"Assigned\"",
        "\"Activated\"").replace("\"b1477448-2cc6-4ceb-93b4-54a202a89413\"", "\"/subscriptions/"
        + "dfa2a084-766f-4003-8ae1-c4aeb893a99f/providers/Microsoft.Authorization/roleEligibilitySchedules/"
        + "B1477448-2CC6-4CEB-93B4-54A202A89413\""));
    com.accessauditor.model.ActiveAssignment activated =
        SnapshotTenant.load(dir).activeAssignmentsFor(SUBSCRIPTION).found().orElseThrow().get(0);
    assertThat(activated.isActivation()).isTrue();
    assertThat(activated.activates(eligible)).as("linked by full id, upper case").isTrue();
  }
}
