package com.accessauditor.detect;

import static com.accessauditor.detect.Facts.RG;
import static com.accessauditor.detect.Facts.SUBSCRIPTION;
import static com.accessauditor.detect.Facts.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.FindingLedger;
import com.accessauditor.findings.Severity;
import com.accessauditor.findings.Suppression;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleEligibility;
import com.accessauditor.model.Scope;
import com.accessauditor.rbac.BuiltInRoles;
import com.accessauditor.snapshot.SnapshotShapes;
import com.accessauditor.support.Resources;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrivilegedEligibilityDetectorTest {
  private final PrivilegedEligibilityDetector detector = new PrivilegedEligibilityDetector();
  private final Facts facts = new Facts();

  /** Microsoft's roleEligibilityScheduleInstances example: Contributor at a subscription, with a condition. */
  private static RoleEligibility microsoftsExample() throws Exception {
    return SnapshotShapes.roleEligibility(new ObjectMapper()
        .readTree(Resources.text("arm/pim/roleEligibilityScheduleInstances.json")).get("value").get(0));
  }

  @Test
  void microsoftsExampleContributorEligibleAtASubscriptionIsOneStepBelowTheActiveGrant() throws Exception {
    RoleEligibility example = microsoftsExample();
    Facts f = new Facts().user(example.principalId(), "User Account");
    SweepFacts read = f.build().withPim(new PimSchedules(List.of(example), List.of()));

    assertThat(detector.inspect(read)).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(FindingKind.PRIVILEGED_ELIGIBILITY);
      assertThat(d.severity()).as("an active Contributor there is HIGH").isEqualTo(Severity.MEDIUM);
      assertThat(d.roleName()).as("from roleDefinitionId, not the partial expandedProperties").isEqualTo("Contributor");
      assertThat(d.scope()).isEqualTo("/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f");
      assertThat(d.title()).contains("Contributor eligible through PIM for User User Account");
      assertThat(d.detail()).contains("one activation away").contains("foo_storage_container");
      assertThat(d.remediation()).contains("az rest --method put --url 'https://management.azure.com/subscriptions/"
          + "dfa2a084-766f-4003-8ae1-c4aeb893a99f/providers/Microsoft.Authorization/roleEligibilityScheduleRequests/")
          .contains("api-version=2020-10-01").contains("\"requestType\":\"AdminRemove\"")
          .contains("\"principalId\":\"a3bb8764-cb92-4276-9d2a-ca1e895e55ea\"");
    });
  }

  @Test
  void anEligibleOwnerOfASubscriptionIsHighAndAnEligibleContributorOfAResourceGroupIsNothing() {
    PrincipalId dana = id(1);
    PrincipalId riley = id(2);
    facts.user(dana, "Dana Admin").user(riley, "Riley Dev");
    facts.eligible(dana, "User", BuiltInRoles.OWNER, SUBSCRIPTION);
    facts.eligible(riley, "User", BuiltInRoles.CONTRIBUTOR, RG);

    assertThat(detector.inspect(facts.build())).singleElement().satisfies(d -> {
      assertThat(d.principalId()).isEqualTo(dana.value());
      assertThat(d.severity()).as("an active Owner there is CRITICAL").isEqualTo(Severity.HIGH);
      assertThat(d.detail()).contains("permanent");
    });
  }

  @Test
  void anEligibilityAtAManagementGroupIsAFindingOfThatManagementGroup() {
    PrincipalId dana = id(1);
    Scope group = Scope.parse("/providers/Microsoft.Management/managementGroups/corp");
    facts.user(dana, "Dana Admin").eligible(dana, "User", BuiltInRoles.USER_ACCESS_ADMINISTRATOR, group);

    assertThat(detector.inspect(facts.build())).singleElement().satisfies(d -> {
      assertThat(d.scope()).isEqualTo(group.value());
      assertThat(d.subscriptionId()).isEmpty();
      assertThat(d.severity()).isEqualTo(Severity.HIGH);
    });
  }

  @Test
  void anEligibilityOfADeletedPrincipalIsAnOrphanedAssignmentThatSaysItIsPimAndRemovesItThroughPim() {
    PrincipalId gone = id(9);
    RoleEligibility e = facts.eligible(gone, "User", BuiltInRoles.OWNER, SUBSCRIPTION);
    SweepFacts read = facts.build();

    assertThat(detector.inspect(read)).as("no PRIVILEGED_ELIGIBILITY for a principal that is gone").isEmpty();
    assertThat(new OrphanedAssignmentDetector().inspect(read)).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(FindingKind.ORPHANED_ASSIGNMENT);
      assertThat(d.roleName()).isEqualTo("Owner (eligible)");
      assertThat(d.title()).contains("Owner eligibility (PIM)");
      assertThat(d.detail()).contains("This is a PIM eligibility");
      assertThat(d.remediation()).contains("roleEligibilityScheduleRequests/").contains("AdminRemove")
          .contains(e.scope().value()).doesNotContain("az role assignment delete");
    });
  }

  @Test
  void anOrphanedEligibilityIsResolvedOnlyWherePimWasRead() {
    PrincipalId gone = id(9);
    facts.eligible(gone, "User", BuiltInRoles.OWNER, SUBSCRIPTION);
    facts.assign(gone, BuiltInRoles.READER, SUBSCRIPTION);
    SweepFacts read = facts.build();
    OrphanedAssignmentDetector orphans = new OrphanedAssignmentDetector();
    List<FindingDraft> drafts = orphans.inspect(read);

    assertThat(drafts).hasSize(2);
    for (FindingDraft d : drafts) {
      Finding stored = FindingLedger.sighting(d, Facts.NOW,
          Optional.empty());
      boolean eligibility = d.roleName().endsWith("(eligible)");
      assertThat(orphans.needsToResolve(stored).contains(Facet.PIM)).as(d.title()).isEqualTo(eligibility);
    }
  }

  @Test
  void anOwnerGrantThatIsTheActivationOfAnEligibilityIsRecordedQuietlyAndOneThatIsNotIsOpen() {
    PrincipalId dana = id(1);
    PrincipalId jordan = id(2);
    facts.user(dana, "Dana Admin").user(jordan, "Jordan Ops");
    RoleEligibility eligibility = facts.eligible(dana, "User", BuiltInRoles.OWNER, SUBSCRIPTION);
    RoleAssignment activation = facts.assign(dana, BuiltInRoles.OWNER, SUBSCRIPTION);
    RoleAssignment standing = facts.assign(jordan, BuiltInRoles.OWNER, SUBSCRIPTION);
    facts.scheduleInstance(activation, Optional.of(eligibility)).scheduleInstance(standing, Optional.empty());

    List<FindingDraft> grants = new GrantDetectorsOverSweep(Detectors.GRANT).inspect(facts.build());

    assertThat(grants).hasSize(2);
    assertThat(grants).filteredOn(d -> d.principalId().equals(dana.value())).singleElement().satisfies(d -> {
      assertThat(d.quiet()).hasValueSatisfying(q -> {
        assertThat(q.origin()).isEqualTo(Suppression.Origin.PIM_ACTIVATION);
        assertThat(q.because()).contains(eligibility.scheduleGuid());
      });
      assertThat(d.detail()).contains("PIM activation of eligibility " + eligibility.scheduleGuid());
    });
    assertThat(grants).filteredOn(d -> d.principalId().equals(jordan.value())).singleElement()
        .satisfies(d -> assertThat(d.quiet()).isEmpty());
    assertThat(detector.inspect(facts.build())).as("the eligibility is what is judged").singleElement()
        .satisfies(d -> assertThat(d.principalId()).isEqualTo(dana.value()));
  }
}
