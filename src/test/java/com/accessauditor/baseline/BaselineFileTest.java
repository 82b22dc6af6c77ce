package com.accessauditor.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BaselineFileTest {
  @Test
  void principalsAreReadAsObjectIdsOwnerResourcesOrDisplayNames() throws BaselineException {
    Baseline b = BaselineFile.parse("b.yaml", """
        assignments:
          - {principal: 0a1b2c3d-0000-4000-8000-000000000001, role: Reader, scope: /subscriptions/x}
          - {principal: /subscriptions/x/resourceGroups/r/providers/Microsoft.Web/sites/f, role: Reader, scope: /subscriptions/x}
          - {principal: Platform Ops, role: Reader, scope: "/subscriptions/*/resourceGroups/rg-*"}
        """);

    assertThat(b.grants()).extracting(g -> g.principal().getClass().getSimpleName())
        .containsExactly("ObjectId", "OwnerResource", "DisplayName");
    assertThat(b.grants().get(2).scope().isExact()).isFalse();
  }

  @Test
  void jsonBaselinesAreAccepted() throws BaselineException {
    Baseline b = BaselineFile.parse("b.json", """
        {"assignments": [{"principal": "Platform Ops", "role": "Reader", "scope": "/subscriptions/x"}],
         "tolerate": [{"role": "Reader", "scope": "/subscriptions/*/resourceGroups/sandbox-*"}]}
        """);

    assertThat(b.grants()).hasSize(1);
    assertThat(b.tolerated()).hasSize(1);
  }

  @Test
  void everyProblemIsReportedWithTheFileAndTheEntry() {
    assertThatThrownBy(() -> BaselineFile.parse("team.yaml", """
        assignments:
          - {principal: Platform Ops, scope: subscriptions/x}
          - {principal: Ops, role: Reader, scope: /subscriptions/x, rol: typo}
        extra: 1
        """))
        .isInstanceOf(BaselineException.class)
        .hasMessageContaining("team.yaml")
        .hasMessageContaining("assignments[0]: 'role' is required")
        .hasMessageContaining("assignments[0]: scope 'subscriptions/x' must be an ARM id starting with '/'")
        .hasMessageContaining("assignments[1]: unknown field 'rol'")
        .hasMessageContaining("unknown key 'extra'");
  }

  @Test
  void anUnreadableFileIsNamed() {
    assertThatThrownBy(() -> BaselineFile.read(Path.of("no/such/baseline.yaml")))
        .hasMessageContaining("no/such/baseline.yaml: cannot be read");
  }

  @Test
  void yamlThatIsNotAMappingIsRefused() {
    assertThatThrownBy(() -> BaselineFile.parse("b.yaml", "- just a list"))
        .hasMessageContaining("expected a mapping with 'assignments'");
  }
}
