package com.accessauditor.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShortIdsTest {
  private static final String SUB = "/subscriptions/11111111-2222-3333-4444-555555555555";

  @Test
  void eachLevelOfScopeIsShortenedToWhatTellsItApart() {
    assertThat(ShortIds.in(SUB)).isEqualTo("subscription 11111111…");
    assertThat(ShortIds.in(SUB + "/resourceGroups/rg-app")).isEqualTo("resource group rg-app");
    assertThat(ShortIds.in(SUB + "/resourceGroups/rg-app/providers/Microsoft.Storage/storageAccounts/st"))
        .isEqualTo("rg-app/…/st");
    assertThat(ShortIds.in(SUB + "/providers/Microsoft.Authorization/roleAssignments/0a1b2c3d-0000-4000-8000-000000000001"))
        .isEqualTo("subscription 11111111…/…/0a1b2c3d…");
    assertThat(ShortIds.in("/providers/Microsoft.Management/managementGroups/mg-corp"))
        .isEqualTo("management group mg-corp");
  }

  @Test
  void aLowerCaseIdFromAnErrorMessageIsShortenedLikeAnyOther() {
    assertThat(ShortIds.in("'/subscriptions/ddef9bf9-11a6-4312-b654-31844030ad8a/resourcegroups/rg-kv/providers"
        + "/microsoft.keyvault/vaults/kv-mongo' and /providers/microsoft.management/managementgroups/mg-corp"))
        .isEqualTo("'rg-kv/…/kv-mongo' and management group mg-corp");
  }

  @Test
  void aGuidInTextKeepsItsFirstEightDigitsAndTheRestIsLeftAlone() {
    assertThat(ShortIds.in("principal 5e0c0a1d-2b3c-4d5e-8f90-a1b2c3d4e5f6 (func-orders), not 5e0c0a1d-2b3c"))
        .isEqualTo("principal 5e0c0a1d… (func-orders), not 5e0c0a1d-2b3c");
  }

  @Test
  void twoIdsThatShareTheirFirstEightDigitsKeepAsManyMoreAsTellThemApart() {
    assertThat(ShortIds.in("changed from principal 0a1b2c3d-0001-4000-8000-00000000a001 to"
        + " 0a1b2c3d-0002-4000-8000-00000000a002; again 0A1B2C3D-0001-4000-8000-00000000A001"))
        .isEqualTo("changed from principal 0a1b2c3d-0001… to 0a1b2c3d-0002…; again 0A1B2C3D-0001…");
    assertThat(ShortIds.in("/subscriptions/11111111-2222-3333-4444-555555555555 and"
        + " /subscriptions/11111111-2222-3333-4444-666666666666"))
        .isEqualTo("subscription 11111111-2222-3333-4444-5… and subscription 11111111-2222-3333-4444-6…");
  }

  @Test
  void twentyThousandNearlyEqualIdsInOneValueAreEachToldApart() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append(String.format("0a1b2c3d-0000-4000-8000-%012d ", i));
    }

    String shown = ShortIds.in(text.toString());

    assertThat(shown.split(" ")).hasSize(20_000).doesNotHaveDuplicates();
  }

  @Test
  void aHugeHostileValueIsShortenedInOnePass() {
    String hostile = "/subscriptions/".repeat(50_000) + "z".repeat(200_000);

    assertThat(ShortIds.in(hostile).equals(hostile)).as("nothing in it is an id").isTrue();
  }
}
