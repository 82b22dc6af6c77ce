package com.accessauditor.detect;

import com.accessauditor.rbac.BuiltInRoles;
import static com.accessauditor.detect.Facts.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.findings.Severity;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.inventory.KnownRole;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CUSTOM_ROLE_CHANGED: a custom role whose permissions changed since the last sweep. */
class CustomRoleChangedDetectorTest {
  private static final String ROLE_ID = "/subscriptions/" + Facts.SUB
      + "/providers/Microsoft.Authorization/roleDefinitions/7d1e2f3a-0000-4000-8000-00000000d001";

  private static RoleDefinition role(List<String> actions, List<String> notActions) {
    return new RoleDefinition(ROLE_ID, "App Deployer", "CustomRole",
        List.of(new RoleDefinition.Permission(actions, notActions, List.of(), List.of())),
        List.of("/subscriptions/" + Facts.SUB));
  }

  @Test
  void aCustomRoleThatGainedRoleAssignmentWriteIsAHighChangeListingWhatWasAdded() {
    Facts facts = new Facts()
        .known(new KnownRole(role(List.of("Microsoft.Web/sites/*"), List.of()), Instant.parse("2026-11-22T00:00:00Z")))
        .definition(role(List.of("Microsoft.Web/sites/*", "Microsoft.Authorization/roleAssignments/write"), List.of()));

    assertThat(new CustomRoleChangedDetector().inspect(facts.build())).singleElement().satisfies(d -> {
      assertThat(d.severity()).isEqualTo(Severity.HIGH);
      assertThat(d.detail()).contains("Added: [action microsoft.authorization/roleassignments/write]");
    });
  }

  @Test
  void anUnchangedOrFirstSeenCustomRoleIsNotReported() {
    RoleDefinition same = role(List.of("Microsoft.Web/sites/read"), List.of());
    assertThat(new CustomRoleChangedDetector().inspect(new Facts().known(new KnownRole(same, Instant.EPOCH))
        .definition(same).build())).isEmpty();
    assertThat(new CustomRoleChangedDetector().inspect(new Facts().definition(same).build())).isEmpty();
  }

}
