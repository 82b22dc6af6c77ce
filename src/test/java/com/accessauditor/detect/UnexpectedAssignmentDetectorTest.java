package com.accessauditor.detect;

import com.accessauditor.rbac.BuiltInRoles;
import static com.accessauditor.detect.Facts.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.baseline.Baseline;
import com.accessauditor.baseline.BaselineException;
import com.accessauditor.baseline.BaselineFile;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** UNEXPECTED_ASSIGNMENT against a baseline. */
class UnexpectedAssignmentDetectorTest {
  private final Scope app = Facts.site("func-a");
  private final Scope account = Scope.parse(Facts.RG.value() + "/providers/Microsoft.Storage/storageAccounts/sta");
  private final PrincipalId appPrincipal = id(1);
  private final PrincipalId ops = id(2);

  private Baseline baseline() throws BaselineException {
    return BaselineFile.parse("baseline.yaml", """
        assignments:
          - principal: %s
            role: Storage Blob Data Owner
            scope: %s
          - principal: Platform Ops
            role: Contributor
            scope: %s
        tolerate:
          - role: Reader
            scope: /subscriptions/*/resourceGroups/sandbox-*
        """.formatted(app.value(), account.value(), Facts.RG.value()));
  }

  private Facts tenant() throws BaselineException {
    return new Facts().baseline(baseline())
        .site(new SiteIdentity(app, "functionapp", Optional.of(appPrincipal), Map.of(), Map.of()))
        .principal(new Principal(ops, "group", "Platform Ops", Optional.empty(), Optional.empty(), Optional.empty(),
            List.of()))
        .managedIdentity(appPrincipal, "func-a", app, true);
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
