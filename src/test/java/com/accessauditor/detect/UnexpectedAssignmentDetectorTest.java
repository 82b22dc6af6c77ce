package com.accessauditor.detect;

import com.accessauditor.rbac.BuiltInRoles;
import static com.accessauditor.detect.Facts.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.baseline.BaselineException;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** UNEXPECTED_ASSIGNMENT against a baseline. */
class UnexpectedAssignmentDetectorTest {
  private final Scope app = DeclaredTenant.APP;
  private final Scope account = DeclaredTenant.ACCOUNT;
  private final PrincipalId appPrincipal = DeclaredTenant.APP_PRINCIPAL;
  private final PrincipalId ops = DeclaredTenant.OPS;

  private Facts tenant() throws BaselineException {
    return DeclaredTenant.facts();
  }

  @Test
  void anUndeclaredGrantIsUnexpectedAndAToleratedOneIsNot() throws BaselineException {
    Facts facts = tenant().user(id(3), "Sam Reader").user(id(4), "Casey Admin");
    facts.assign(appPrincipal, BuiltInRoles.STORAGE_BLOB_DATA_OWNER, account);
    facts.assign(ops, "Group", BuiltInRoles.CONTRIBUTOR, Facts.RG, Optional.empty());
    facts.assign(id(3), "User", BuiltInRoles.READER,
        Scope.parse(Facts.SUBSCRIPTION.value() + "/resourceGroups/sandbox-7/providers/Microsoft.Web/sites/x"),
        Optional.empty());
    facts.assign(id(4), "User", BuiltInRoles.OWNER, Facts.RG, Optional.empty());

    List<FindingDraft> unexpected = new UnexpectedAssignmentDetector().inspect(facts.build());
    assertThat(unexpected).singleElement().satisfies(d -> {
      assertThat(d.title()).startsWith("Owner for User Casey Admin at resource group rg-app");
      assertThat(d.severity()).isEqualTo(Severity.HIGH);
    });
  }

  @Test
  void assignmentsOfDeletedPrincipalsAreLeftToTheOrphanRule() throws BaselineException {
    Facts facts = tenant();
    facts.assign(appPrincipal, BuiltInRoles.STORAGE_BLOB_DATA_OWNER, account);
    facts.assign(ops, "Group", BuiltInRoles.CONTRIBUTOR, Facts.RG, Optional.empty());
    facts.assign(id(8), BuiltInRoles.READER, Facts.RG);

    assertThat(new UnexpectedAssignmentDetector().inspect(facts.build())).isEmpty();
  }

}
