package com.accessauditor.detect;

import com.accessauditor.rbac.BuiltInRoles;
import static com.accessauditor.detect.Facts.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.inventory.KnownIdentity;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecycledIdentitySweepTest {
  private final RecycledIdentityDetector detector = new RecycledIdentityDetector();
  private final Scope app = Facts.site("func-a");
  private final Scope account = Scope.parse(Facts.RG.value() + "/providers/Microsoft.Storage/storageAccounts/sta");
  private final PrincipalId before = id(1);
  private final PrincipalId now = id(2);

  private Facts appWithOldGrant() {
    Facts facts = new Facts().site(new SiteIdentity(app, "functionapp", Optional.of(now), Map.of(), Map.of()));
    facts.assign(before, BuiltInRoles.STORAGE_BLOB_DATA_OWNER, account);
    return facts;
  }

  @Test
  void theInventorysLastKnownPrincipalIsEvidenceOfARecycle() {
    Facts facts = appWithOldGrant().known(new KnownIdentity(app, KnownIdentity.Kind.SYSTEM_ASSIGNED,
        Optional.of(before), Optional.empty(), Instant.EPOCH, false, "evt"));

    assertThat(detector.inspect(facts.build())).singleElement().satisfies(d -> {
      assertThat(d.remediation()).contains("--assignee-object-id " + now)
          .contains("--role " + BuiltInRoles.STORAGE_BLOB_DATA_OWNER).contains("--scope " + account.value())
          .contains("az role assignment delete --ids " + account.value());
      assertThat(d.title()).contains("func-a").contains("1 grant(s)");
    });
  }

  @Test
  void aDeletedSystemAssignedIdentityNamingTheAppIsEvidenceWithoutAnyInventory() {
    Facts facts = appWithOldGrant()
        .deleted(Facts.managedIdentityPrincipal(before, "func-a", app, true, Optional.empty()));

    assertThat(detector.inspect(facts.build())).singleElement()
        .satisfies(d -> assertThat(d.detail()).contains("changed from principal " + before + " to " + now));
  }

  @Test
  void aDeletedUserAssignedIdentityIsNotARecycleOfTheApp() {
    Facts facts = appWithOldGrant()
        .deleted(Facts.managedIdentityPrincipal(before, "id-a", app, false, Optional.empty()));

    assertThat(detector.inspect(facts.build())).isEmpty();
  }

  @Test
  void onceTheOldPrincipalHoldsNothingTheRecycleIsNoLongerReported() {
    Facts facts = new Facts().site(new SiteIdentity(app, "functionapp", Optional.of(now), Map.of(), Map.of()))
        .known(new KnownIdentity(app, KnownIdentity.Kind.SYSTEM_ASSIGNED, Optional.of(now), Optional.empty(),
            Instant.EPOCH, false, "sweep", Optional.of(before)));
    facts.assign(now, BuiltInRoles.STORAGE_BLOB_DATA_OWNER, account);

    assertThat(detector.inspect(facts.build())).isEmpty();
  }

  @Test
  void grantsAlreadyGivenToTheNewPrincipalAreNotReGrantedAgain() {
    Facts facts = appWithOldGrant().known(new KnownIdentity(app, KnownIdentity.Kind.SYSTEM_ASSIGNED,
        Optional.of(now), Optional.empty(), Instant.EPOCH, false, "sweep", Optional.of(before)));
    facts.assign(now, BuiltInRoles.STORAGE_BLOB_DATA_OWNER, account);

    assertThat(detector.inspect(facts.build())).singleElement().satisfies(d -> {
      assertThat(d.remediation()).doesNotContain("az role assignment create").contains("az role assignment delete");
      assertThat(d.detail()).contains("already re-granted");
    });
  }
}
