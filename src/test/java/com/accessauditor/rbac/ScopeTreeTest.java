package com.accessauditor.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.model.Scope;
import com.accessauditor.rbac.ScopeTree.Containment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScopeTreeTest {
  private static final String SUB = "11111111-1111-1111-1111-111111111111";
  private static final Scope RG = Scope.parse("/subscriptions/" + SUB + "/resourceGroups/rg-app");
  private static final Scope PROD = mg("mg-prod");
  private static final Scope CORP = mg("mg-corp");
  private static final Scope OTHER = mg("mg-sandbox");

  private static Scope mg(String name) {
    return Scope.parse("/providers/Microsoft.Management/managementGroups/" + name);
  }

  private final ScopeTree tree = ScopeTree.of(Map.of("mg-prod", "mg-corp", "mg-sandbox", "mg-corp"),
      Map.of(SUB, "MG-PROD"));

  @Test
  void aManagementGroupContainsTheSubscriptionsBelowItThroughEveryLevel() {
    assertThat(tree.contains(PROD, RG)).isEqualTo(Containment.YES);
    assertThat(tree.contains(CORP, RG)).isEqualTo(Containment.YES);
    assertThat(tree.contains(CORP, PROD)).isEqualTo(Containment.YES);
    assertThat(tree.contains(OTHER, RG)).isEqualTo(Containment.NO);
    assertThat(tree.contains(Scope.parse("/"), RG)).isEqualTo(Containment.YES);
    assertThat(tree.groupsAbove(SUB)).contains(java.util.List.of("mg-prod", "mg-corp"));
  }

  @Test
  void nothingBelowAManagementGroupContainsIt() {
    assertThat(tree.contains(RG, PROD)).isEqualTo(Containment.NO);
    assertThat(tree.contains(Scope.parse("/subscriptions/" + SUB), Scope.parse("/"))).isEqualTo(Containment.NO);
  }

  @Test
  void aSubscriptionWhosePlaceWasNotReadIsNeitherInsideNorOutside() {
    Scope elsewhere = Scope.parse("/subscriptions/22222222-2222-2222-2222-222222222222");
    assertThat(tree.contains(PROD, elsewhere)).isEqualTo(Containment.UNKNOWN);
    assertThat(ScopeTree.unknown("no hierarchy").contains(PROD, RG)).isEqualTo(Containment.UNKNOWN);
  }

  @Test
  void whatArmListedForAScopeAppliesThereWithoutTheChain() {
    assertThat(ScopeTree.listedForScope().contains(PROD, RG)).isEqualTo(Containment.YES);
    assertThat(ScopeTree.listedForScope().contains(RG, PROD)).isEqualTo(Containment.NO);
  }

  @Test
  void theSubscriptionsBelowAGroupAreThoseOfEveryLevelUnderItAndNoneWhenThePlacesAreNotKnown() {
    assertThat(tree.subscriptionsBelow("mg-corp")).contains(java.util.List.of(SUB));
    assertThat(tree.subscriptionsBelow("MG-PROD")).contains(java.util.List.of(SUB));
    assertThat(tree.subscriptionsBelow("mg-sandbox")).contains(java.util.List.of());
    assertThat(ScopeTree.unknown("no hierarchy").subscriptionsBelow("mg-corp")).isEmpty();
    assertThat(ScopeTree.listedForScope().subscriptionsBelow("mg-corp")).isEmpty();
  }
}
