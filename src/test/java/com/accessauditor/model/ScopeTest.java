package com.accessauditor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScopeTest {
  @Test
  void knowsEachLevelOfTheArmHierarchy() {
    assertThat(Scope.parse("/").level()).isEqualTo(Scope.Level.ROOT);
    assertThat(Scope.parse("/providers/Microsoft.Management/managementGroups/mg1").level())
        .isEqualTo(Scope.Level.MANAGEMENT_GROUP);
    assertThat(Scope.parse("/subscriptions/s1").level()).isEqualTo(Scope.Level.SUBSCRIPTION);
    assertThat(Scope.parse("/subscriptions/s1/resourceGroups/rg").level()).isEqualTo(Scope.Level.RESOURCE_GROUP);
    assertThat(Scope.parse("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/a").level())
        .isEqualTo(Scope.Level.RESOURCE);
  }

  @Test
  void comparesIdsCaseInsensitivelyAsArmDoes() {
    assertThat(Scope.parse("/subscriptions/S1/resourcegroups/RG/")).isEqualTo(Scope.parse("/subscriptions/s1/resourceGroups/rg"));
    assertThat(Scope.parse("/subscriptions/s1").contains(Scope.parse("/SUBSCRIPTIONS/s1/resourceGroups/x"))).isTrue();
    assertThat(Scope.parse("/subscriptions/s1").contains(Scope.parse("/subscriptions/s10"))).isFalse();
  }

  @Test
  void findsTheScopeOfARoleAssignmentFromItsId() {
    Scope id = Scope.parse("/subscriptions/s1/providers/Microsoft.Authorization/roleAssignments/abc");

    assertThat(id.withoutAuthorizationSuffix()).isEqualTo(Scope.parse("/subscriptions/s1"));
    assertThat(Scope.parse("/providers/Microsoft.Authorization/roleAssignments/abc").withoutAuthorizationSuffix())
        .isEqualTo(Scope.parse("/"));
  }

  @Test
  void refusesSomethingThatIsNotAnArmId() {
    assertThatThrownBy(() -> Scope.parse("subscriptions/s1")).hasMessageContaining("must be an ARM id");
  }

  @Test
  void readsBareEvidenceGuidsAsTheSamePrincipal() {
    assertThat(PrincipalId.parse("F7202482EE084D1C86651B25942E1C59"))
        .isEqualTo(PrincipalId.parse("f7202482-ee08-4d1c-8665-1b25942e1c59"));
    assertThatThrownBy(() -> PrincipalId.parse("x' or 1 eq 1")).hasMessageContaining("must be a GUID");
  }
}
