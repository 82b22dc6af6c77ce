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

/** SHARED_IDENTITY: one user-assigned identity on several apps. */
class SharedIdentityDetectorTest {
  private final Scope uai = Facts.userAssignedIdentity("id-shared");

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
