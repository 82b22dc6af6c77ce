package com.accessauditor.detect;

import com.accessauditor.rbac.BuiltInRoles;
import static com.accessauditor.detect.Facts.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** OVERPRIVILEGED_APP_IDENTITY and SHARED_IDENTITY. */
class AppIdentityDetectorsTest {
  private final PrincipalId appPrincipal = id(1);
  private final Scope uai = Facts.userAssignedIdentity("id-shared");

  @Test
  void anAppIdentityHoldingContributorOnTheSubscriptionIsOverprivileged() {
    Facts facts = new Facts().site(new SiteIdentity(Facts.site("func-a"), "functionapp", Optional.of(appPrincipal),
        Map.of(), Map.of()));
    facts.assign(appPrincipal, BuiltInRoles.CONTRIBUTOR, Facts.SUBSCRIPTION);
    facts.assign(appPrincipal, BuiltInRoles.STORAGE_BLOB_DATA_OWNER, Facts.RG);

    assertThat(new OverprivilegedAppIdentityDetector().inspect(facts.build())).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(FindingKind.OVERPRIVILEGED_APP_IDENTITY);
      assertThat(d.severity()).isEqualTo(Severity.HIGH);
      assertThat(d.title()).isEqualTo("App identity of func-a holds Contributor at subscription " + Facts.SUB);
    });
  }

  @Test
  void ownerHeldByAUserIsNotAnAppIdentityProblem() {
    Facts facts = new Facts();
    facts.assign(id(9), BuiltInRoles.OWNER, Facts.SUBSCRIPTION);

    assertThat(new OverprivilegedAppIdentityDetector().inspect(facts.build())).isEmpty();
  }

  @Test
  void oneUserAssignedIdentityOnTwoAppsIsSharedAndLowSeverity() {
    Facts facts = new Facts()
        .site(new SiteIdentity(Facts.site("func-a"), "functionapp", Optional.empty(), Map.of(uai.value(), id(2)),
            Map.of()))
        .site(new SiteIdentity(Facts.site("func-b"), "functionapp", Optional.empty(),
            Map.of(uai.value().toUpperCase(), id(2)), Map.of()));

    assertThat(new SharedIdentityDetector().inspect(facts.build())).singleElement().satisfies(d -> {
      assertThat(d.severity()).isEqualTo(Severity.LOW);
      assertThat(d.detail()).contains("func-a, func-b");
      assertThat(d.remediation()).contains("az identity create").contains("--resource-group rg-app");
    });
  }

  @Test
  void anIdentityOnOneAppIsNotShared() {
    Facts facts = new Facts().site(new SiteIdentity(Facts.site("func-a"), "functionapp", Optional.empty(),
        Map.of(uai.value(), id(2)), Map.of()));

    assertThat(new SharedIdentityDetector().inspect(facts.build())).isEmpty();
  }
}
