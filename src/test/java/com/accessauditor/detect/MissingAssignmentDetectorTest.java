package com.accessauditor.detect;

import com.accessauditor.rbac.BuiltInRoles;
import static com.accessauditor.detect.Facts.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.baseline.BaselineException;
import com.accessauditor.baseline.BaselineFile;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** MISSING_ASSIGNMENT against a baseline (with UNEXPECTED_ASSIGNMENT where the two must agree). */
class MissingAssignmentDetectorTest {
  private final Scope account = DeclaredTenant.ACCOUNT;
  private final PrincipalId appPrincipal = DeclaredTenant.APP_PRINCIPAL;
  private final PrincipalId ops = DeclaredTenant.OPS;

  private Facts tenant() throws BaselineException {
    return DeclaredTenant.facts();
  }

  @Test
  void declaredGrantsThatExistAreNeitherMissingNorUnexpected() throws BaselineException {
    Facts facts = tenant();
    facts.assign(appPrincipal, BuiltInRoles.STORAGE_BLOB_DATA_OWNER, account);
    facts.assign(ops, "Group", BuiltInRoles.CONTRIBUTOR, Facts.RG, Optional.empty());

    assertThat(new MissingAssignmentDetector().inspect(facts.build())).isEmpty();
    assertThat(new UnexpectedAssignmentDetector().inspect(facts.build())).isEmpty();
  }

  @Test
  void aGrantDeclaredByTheAppsResourceIdIsMissingForItsCurrentIdentityWithTheCommandToCreateIt()
      throws BaselineException {
    Facts facts = tenant();
    facts.assign(ops, "Group", BuiltInRoles.CONTRIBUTOR, Facts.RG, Optional.empty());

    assertThat(new MissingAssignmentDetector().inspect(facts.build())).singleElement().satisfies(d -> {
      assertThat(d.severity()).isEqualTo(Severity.HIGH);
      assertThat(d.title()).isEqualTo("Declared Storage Blob Data Owner for the identity of func-a is missing at sta");
      assertThat(d.remediation()).isEqualTo("az role assignment create --assignee-object-id " + appPrincipal
          + " --assignee-principal-type ServicePrincipal --role " + BuiltInRoles.STORAGE_BLOB_DATA_OWNER
          + " --scope " + account.value());
    });
  }

  @Test
  void withoutABaselineNeitherRuleReportsAnything() {
    Facts facts = new Facts();
    facts.assign(id(4), "User", BuiltInRoles.OWNER, Facts.RG, Optional.empty());

    assertThat(new UnexpectedAssignmentDetector().inspect(facts.build())).isEmpty();
    assertThat(new MissingAssignmentDetector().inspect(facts.build())).isEmpty();
  }

  /** Dana is declared eligible for Owner of the subscription, never a standing Owner. */
  private Facts eligibleOwnerDeclared() throws BaselineException {
    PrincipalId dana = id(5);
    return new Facts().user(dana, "Dana Admin").baseline(BaselineFile.parse("baseline.yaml", """
        assignments:
          - principal: %s
            role: Owner
            scope: %s
            eligible: true
        """.formatted(dana, Facts.SUBSCRIPTION.value())));
  }

  @Test
  void aDeclaredEligibilityThatExistsIsNotMissingAndItsActivationIsNotUnexpected() throws BaselineException {
    Facts facts = eligibleOwnerDeclared();
    var eligibility = facts.eligible(id(5), "User", BuiltInRoles.OWNER, Facts.SUBSCRIPTION);
    facts.scheduleInstance(facts.assign(id(5), BuiltInRoles.OWNER, Facts.SUBSCRIPTION), Optional.of(eligibility));

    assertThat(new MissingAssignmentDetector().inspect(facts.build())).isEmpty();
    assertThat(new UnexpectedAssignmentDetector().inspect(facts.build())).isEmpty();
  }

  @Test
  void aDeclaredEligibilityHeldAsAStandingGrantIsMissingAsAnEligibilityAndTheGrantIsUnexpected()
      throws BaselineException {
    Facts facts = eligibleOwnerDeclared();
    facts.assign(id(5), BuiltInRoles.OWNER, Facts.SUBSCRIPTION);

    assertThat(new MissingAssignmentDetector().inspect(facts.build())).singleElement().satisfies(d -> {
      assertThat(d.roleName()).isEqualTo("Owner (eligible)");
      assertThat(d.title()).isEqualTo("Declared Owner eligibility for " + id(5) + " is missing at subscription "
          + Facts.SUB);
      assertThat(d.remediation()).contains("roleEligibilityScheduleRequests/").contains("\"requestType\":\"AdminAssign\"")
          .contains("\"roleDefinitionId\":\"" + Facts.SUBSCRIPTION.value() + "/providers/Microsoft.Authorization/"
              + "roleDefinitions/" + BuiltInRoles.OWNER + "\"")
          .doesNotContain("az role assignment create");
    });
    assertThat(new UnexpectedAssignmentDetector().inspect(facts.build())).as("standing access outside PIM")
        .singleElement().satisfies(d -> assertThat(d.roleName()).isEqualTo("Owner"));
  }

  @Test
  void whereThePimListsWereNotReadADeclaredEligibilityIsNotCalledMissing() throws BaselineException {
    Facts facts = eligibleOwnerDeclared().pimUnread();

    assertThat(new MissingAssignmentDetector().inspect(facts.build())).isEmpty();
  }

  @Test
  void eligibleMustBeTrueOrFalse() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BaselineFile.parse("baseline.yaml", """
        assignments:
          - principal: Dana Admin
            role: Owner
            scope: /subscriptions/11111111-2222-3333-4444-555555555555
            eligible: sometimes
        """)).isInstanceOf(BaselineException.class)
        .hasMessageContaining("assignments[0]: 'eligible' must be true or false, not 'sometimes'");
  }
}
