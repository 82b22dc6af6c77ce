package com.accessauditor.detect;

import com.accessauditor.rbac.BuiltInRoles;
import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.Scope;
import com.accessauditor.snapshot.SnapshotShapes;
import com.accessauditor.support.Resources;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrivilegedGrantDetectorTest {
  private static final String SUB = "/subscriptions/11111111-2222-3333-4444-555555555555";
  private static final String RG = SUB + "/resourceGroups/rg-app";
  private final PrivilegedGrantDetector detector = new PrivilegedGrantDetector();

  @Test
  void ownerAtSubscriptionScopeIsCritical() {
    FindingDraft d = inspect(BuiltInRoles.OWNER, "Owner", SUB, Optional.empty(), Optional.empty()).orElseThrow();

    assertThat(d.kind()).isEqualTo(FindingKind.PRIVILEGED_GRANT);
    assertThat(d.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(d.title()).contains("Owner").contains("subscription 11111111-2222-3333-4444-555555555555");
    assertThat(d.remediation()).contains("az role assignment delete --ids " + SUB + "/providers/");
  }

  @Test
  void roleGrantingRolesAtResourceGroupIsHighAndContributorThereIsNotReported() {
    assertThat(inspect(BuiltInRoles.USER_ACCESS_ADMINISTRATOR, "User Access Administrator", RG, Optional.empty(),
        Optional.empty())).map(FindingDraft::severity).contains(Severity.HIGH);
    assertThat(inspect(BuiltInRoles.CONTRIBUTOR, "Contributor", RG, Optional.empty(), Optional.empty())).isEmpty();
  }

  @Test
  void contributorAtManagementGroupIsHigh() {
    assertThat(inspect(BuiltInRoles.CONTRIBUTOR, "Contributor",
        "/providers/Microsoft.Management/managementGroups/corp", Optional.empty(), Optional.empty()))
        .map(FindingDraft::severity).contains(Severity.HIGH);
  }

  @Test
  void contributorToAGuestAnywhereIsCritical() {
    Principal guest = new Principal(PrincipalId.parse("2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901"), "user", "Partner",
        Optional.of("partner_contoso.org#EXT#@contoso.onmicrosoft.com"), Optional.empty(), Optional.empty(), List.of());

    FindingDraft d = inspect(BuiltInRoles.CONTRIBUTOR, "Contributor", RG, Optional.of(guest), Optional.empty())
        .orElseThrow();

    assertThat(d.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(d.title()).contains("external");
  }

  @Test
  void readerIsNeverPrivileged() {
    assertThat(inspect(BuiltInRoles.READER, "Reader", SUB, Optional.empty(), Optional.empty())).isEmpty();
  }

  @Test
  void customRoleIsJudgedByWhatItGrantsAfterNotActions() throws Exception {
    // The real Contributor definition: '*' minus Microsoft.Authorization/*/Write, so it cannot grant roles.
    RoleDefinition contributorLike = SnapshotShapes.roleDefinition(new ObjectMapper().readTree(
        Resources.text("samples/arm_roleDefinition_Contributor_builtin_docs.json").replace("BuiltInRole", "CustomRole")));
    RoleDefinition grantsRoles = new RoleDefinition(SUB + "/providers/Microsoft.Authorization/roleDefinitions/c1",
        "Access Granter", "CustomRole", List.of(new RoleDefinition.Permission(
            List.of("Microsoft.Authorization/roleAssignments/*"), List.of(), List.of(), List.of())), List.of(SUB));

    assertThat(inspect("c0", "Almost Contributor", SUB, Optional.empty(), Optional.of(contributorLike)))
        .map(FindingDraft::severity).contains(Severity.HIGH);
    assertThat(inspect("c1", "Access Granter", SUB, Optional.empty(), Optional.of(grantsRoles)))
        .map(FindingDraft::severity).contains(Severity.CRITICAL);
  }

  @Test
  void theSameGrantAlwaysHasTheSameFingerprint() {
    String a = inspect(BuiltInRoles.OWNER, "Owner", SUB, Optional.empty(), Optional.empty()).orElseThrow().fingerprint();
    String b = inspect(BuiltInRoles.OWNER, "Owner", SUB.toUpperCase(), Optional.empty(), Optional.empty())
        .orElseThrow().fingerprint();

    assertThat(a).isEqualTo(b).hasSize(32);
  }

  private Optional<FindingDraft> inspect(
      String roleGuid, String roleName, String scope, Optional<Principal> principal, Optional<RoleDefinition> def) {
    RoleAssignment a = new RoleAssignment(scope + "/providers/Microsoft.Authorization/roleAssignments/ra1",
        Scope.parse(scope), PrincipalId.parse("3c2d1e0f-1111-4a4a-9b9b-0a0b0c0d0e01"), "User",
        SUB + "/providers/Microsoft.Authorization/roleDefinitions/" + roleGuid, Optional.empty(), Optional.empty(),
        Optional.empty());
    return detector.inspect(new GrantFacts(a, roleName, def, principal, FindingDraft.Source.EVENT, Optional.of("ev1")));
  }
}
