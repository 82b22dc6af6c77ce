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

/** OVERPRIVILEGED_APP_IDENTITY: an app identity holding a broad role. */
class OverprivilegedAppIdentityDetectorTest {
  private final PrincipalId appPrincipal = id(1);

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

}
