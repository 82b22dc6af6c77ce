package com.accessauditor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.accessauditor.model.Scope;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static final Map<String, String> AZURE = Map.of("AzureWebJobsStorage__accountName", "stauditor");

  @Test
  void aRealConnectionStringIsRefusedWithWhatToSetInstead() {
    assertThatThrownBy(() -> Settings.from(Map.of("AzureWebJobsStorage",
        "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc")))
        .hasMessageContaining("AzureWebJobsStorage__accountName").hasMessageNotContaining("abc");
  }

  @Test
  void sweepScopesAcceptSubscriptionIdsAndScopeIds() {
    Settings s = Settings.from(with("AUDITOR_SCOPES",
        "11111111-2222-3333-4444-555555555555, /providers/Microsoft.Management/managementGroups/platform"));

    assertThat(s.sweepScopes()).containsExactly(
        Scope.parse("/subscriptions/11111111-2222-3333-4444-555555555555"),
        Scope.parse("/providers/Microsoft.Management/managementGroups/platform"));
    assertThat(s.tableServiceUri()).contains("https://stauditor.table.core.windows.net");
  }

  @Test
  void aScopeThatIsNeitherAnIdNorAnArmIdIsNamed() {
    assertThatThrownBy(() -> Settings.from(with("AUDITOR_SCOPES", "prod-subscription")))
        .hasMessageContaining("AUDITOR_SCOPES: 'prod-subscription'");
  }

  @Test
  void appSettingsAreListedEverywhereUnlessTheSettingNamesWhereOrSaysNone() {
    assertThat(Settings.from(AZURE).appSettingsScopes()).isEmpty();
    assertThat(Settings.from(with("AUDITOR_APP_SETTINGS_SCOPES", "none")).appSettingsScopes()).contains(List.of());
    assertThat(Settings.from(with("AUDITOR_APP_SETTINGS_SCOPES",
        "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-orders")).appSettingsScopes())
        .contains(List.of(Scope.parse("/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-orders")));
    assertThatThrownBy(() -> Settings.from(with("AUDITOR_APP_SETTINGS_SCOPES", "rg-orders")))
        .hasMessageContaining("AUDITOR_APP_SETTINGS_SCOPES: 'rg-orders'");
  }

  @Test
  void aRelativeBaselineIsReadFromTheAppsFolder() {
    Map<String, String> env = new java.util.HashMap<>(with("AUDITOR_BASELINE", "baseline.yaml"));
    env.put("AzureWebJobsScriptRoot", "/home/site/wwwroot");

    assertThat(Settings.from(env).baseline()).contains(Path.of("/home/site/wwwroot/baseline.yaml"));
    assertThat(Settings.from(AZURE).baseline()).isEmpty();
  }

  @Test
  void aQuietCallerThatIsNotAnIdIsNamedWithTheSetting() {
    assertThatThrownBy(() -> Settings.from(with("AUDITOR_QUIET_CALLERS", "MS-PIM=PIM activation")))
        .hasMessageStartingWith("AUDITOR_QUIET_CALLERS: quiet caller 'MS-PIM'");
    assertThat(Settings.from(AZURE).quietCallers().isEmpty()).isTrue();
  }

  private static Map<String, String> with(String key, String value) {
    Map<String, String> env = new java.util.HashMap<>(AZURE);
    env.put(key, value);
    return env;
  }
}
