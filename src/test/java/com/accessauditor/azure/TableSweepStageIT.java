package com.accessauditor.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.accessauditor.detect.Facet;
import com.accessauditor.detect.PimSchedules;
import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.model.ActiveAssignment;
import com.accessauditor.model.DenyAssignment;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.RoleEligibility;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import com.accessauditor.support.Azurite;
import com.accessauditor.sweep.DirectoryAnswers;
import com.accessauditor.sweep.StagedSubscription;
import com.accessauditor.sweep.SweepRun;
import com.azure.data.tables.TableServiceClientBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** `sweepstage` in Azurite: what a worker leaves for its run's final step comes back whole, or not at all. */
class TableSweepStageIT {
  private static final String SUB = "11111111-2222-3333-4444-555555555555";
  private static final String RUN = "20261201T210000Z-0000abcd";
  private final StorageAccount tables = Azurite.emptyAccount();

  private static StagedSubscription staged(int apps, String name) {
    List<SiteIdentity> sites = new ArrayList<>();
    for (int i = 0; i < apps; i++) {
      sites.add(new SiteIdentity(Scope.parse("/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Web/sites/"
          + name + i), "functionapp,linux", Optional.of(PrincipalId.parse("0a1b2c3d-0000-4000-8000-" + String.format("%012d", i))),
          Map.of("/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-shared",
              PrincipalId.parse("0a1b2c3d-0000-4000-8000-0000000000ff")),
          Map.of("/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-shared",
              "c1c1c1c1-0000-4000-8000-000000000001")));
    }
    RoleDefinition custom = new RoleDefinition("/subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions/"
        + "c0c0c0c0-0000-4000-8000-000000000001", "Deployer \u00e9\ud83d\ude80", "CustomRole",
        List.of(new RoleDefinition.Permission(List.of("Microsoft.Web/sites/*"), List.of("Microsoft.Web/sites/delete"),
            List.of(), List.of())), List.of("/subscriptions/" + SUB));
    RoleAssignment above = new RoleAssignment("/providers/Microsoft.Management/managementGroups/mg/providers/"
        + "Microsoft.Authorization/roleAssignments/7a000000-0000-4000-8000-0000000000c1",
        Scope.parse("/providers/Microsoft.Management/managementGroups/mg"),
        PrincipalId.parse("0a1b2c3d-0005-4000-8000-00000000a005"), "User",
        "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
        Optional.of("@Resource[x] StringEquals 'y'"), Optional.of(Instant.parse("2026-11-02T09:00:00Z")),
        Optional.of("f7202482-ee08-4d1c-8665-1b25942e1c59"));
    return new StagedSubscription(SUB, 4_000, sites, List.of(new UserAssignedIdentity(Scope.parse("/subscriptions/" + SUB
        + "/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-shared"),
        PrincipalId.parse("0a1b2c3d-0000-4000-8000-0000000000ff"), "c1c1c1c1-0000-4000-8000-000000000001")),
        List.of(custom), List.of(above), EnumSet.of(Facet.APP_SETTINGS, Facet.DELETED_PRINCIPALS), true,
        new PimSchedules(List.of(new RoleEligibility(MG + "/providers/Microsoft.Authorization/"
            + "roleEligibilityScheduleInstances/6f1d2e3c-0004-4c4c-9d9d-2a2b2c2d2e04", Scope.parse(MG),
            PrincipalId.parse("0a1b2c3d-0005-4000-8000-00000000a005"), "User", OWNER_AT_ROOT,
            MG + "/providers/Microsoft.Authorization/RoleEligibilitySchedules/7A2B3C4D-0004-4D4D-8E8E-3A3B3C3D3E04",
            "Provisioned", "Group", Optional.of("@Resource[x] StringEquals 'y'"),
            Optional.of(Instant.parse("2026-06-01T09:00:00Z")), Optional.empty())),
            List.of(new ActiveAssignment(MG + "/providers/Microsoft.Authorization/roleAssignmentScheduleInstances/"
                + "8c9d0e1f-0004-4f4f-8a8a-5a5b5c5d5e04", Scope.parse(MG),
                PrincipalId.parse("0a1b2c3d-0005-4000-8000-00000000a005"), "User", OWNER_AT_ROOT, "Activated",
                Optional.of(above.id()), Optional.of("7a2b3c4d-0004-4d4d-8e8e-3a3b3c3d3e04"),
                Optional.of(Instant.parse("2026-12-01T08:00:00Z")), Optional.of(Instant.parse("2026-12-01T16:00:00Z"))))),
        List.of("PIM eligibilities: the tenant has no Entra ID P2 or Governance licence"),
        List.of(PrincipalId.parse("0a1b2c3d-0006-4000-8000-00000000a006")),
        List.of(new DenyAssignment("/subscriptions/" + SUB + "/resourceGroups/rg/providers/"
            + "Microsoft.Authorization/denyAssignments/7d1f0000-0000-4000-8000-0000000000d1",
            "Deployment stack sandbox-stack: deny delete", Scope.parse("/subscriptions/" + SUB + "/resourceGroups/rg"),
            List.of("*/delete"), List.of(), List.of(), List.of(), List.of("00000000-0000-0000-0000-000000000000"),
            List.of("0a1b2c3d-0005-4000-8000-00000000a005"), false)));
  }

  private static final String MG = "/providers/Microsoft.Management/managementGroups/mg";
  private static final String OWNER_AT_ROOT =
      "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

  private static DirectoryAnswers answers() {
    Principal user = new Principal(PrincipalId.parse("0a1b2c3d-0005-4000-8000-00000000a005"), "User", "Jordan Ops",
        Optional.of("jordan@contoso.com"), Optional.of("Member"), Optional.empty(), List.of(),
        Optional.empty(), Optional.empty());
    PrincipalId gone = PrincipalId.parse("0a1b2c3d-0000-4000-8000-0000000000dd");
    PrincipalId unanswered = PrincipalId.parse("0a1b2c3d-0000-4000-8000-0000000000ee");
    return new DirectoryAnswers(Set.of(user.id(), gone, unanswered), new PrincipalBatch(Map.of(user.id(), user),
        Set.of(unanswered), List.of("HTTP 503")));
  }

  @Test
  void aStagedSubscriptionComesBackAsItWasWritten() {
    StagedSubscription written = staged(3, "func-");

    tables.sweepStage().put(RUN, written, answers());

    assertThat(tables.sweepStage().read(RUN)).containsExactly(written);
    assertThat(tables.sweepStage().principals(RUN, SUB)).isEqualTo(answers());
  }

  @Test
  void aSubscriptionWithThousandsOfAppsIsCutIntoRowsAndPutBackTogether() {
    StagedSubscription written = staged(2_000, "func-with-a-long-name-");
    assertThat(StagedJson.write(written).length()).as("more than one row's worth").isGreaterThan(
        10 * TableSweepStage.PART);

    tables.sweepStage().put(RUN, written, answers());

    assertThat(tables.sweepStage().read(RUN)).containsExactly(written);
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    String json = "a".repeat(TableSweepStage.PART - 1) + "\ud83d\ude80" + "b";

    List<String> parts = TableSweepStage.parts(json);

    assertThat(parts).hasSize(2);
    assertThat(String.join("", parts)).isEqualTo(json);
    assertThat(parts.get(0)).doesNotEndWith("\ud83d");
  }

  @Test
  void aSubscriptionWhoseRowsAreCutShortIsAnErrorNamingIt() {
    tables.sweepStage().put(RUN, staged(2_000, "func-with-a-long-name-"), answers());
    new TableServiceClientBuilder().connectionString(Azurite.connectionString()).buildClient()
        .getTableClient(StorageAccount.SWEEP_STAGE).deleteEntity(RUN, "s-" + SUB + "-00003");

    assertThatThrownBy(() -> tables.sweepStage().read(RUN)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(SUB).hasMessageContaining("cut short").hasMessageContaining("sweep it again");
  }

  @Test
  void aDroppedRunLeavesNothing() {
    tables.sweepStage().put(RUN, staged(3, "func-"), answers());

    tables.sweepStage().drop(RUN);

    assertThat(tables.sweepStage().read(RUN)).isEmpty();
  }

  @Test
  void theDeletedObjectsReadOnceForTheRunComeBackForEveryWorker() {
    Principal gone = new Principal(PrincipalId.parse("0a1b2c3d-0001-4000-8000-00000000a001"), "ServicePrincipal",
        "func-orders", Optional.empty(), Optional.empty(), Optional.of("ManagedIdentity"),
        List.of("isExplicit=False", "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Web/sites/func-orders"),
        Optional.of(Instant.parse("2026-11-03T07:59:00Z")), Optional.of("a0a0a0a0-0000-4000-8000-000000000001"));
    assertThat(tables.sweepStage().deleted(RUN)).as("a run started before they were kept").isEmpty();

    tables.sweepStage().putDeleted(RUN, Lookup.found(List.of(gone)));
    assertThat(tables.sweepStage().deleted(RUN)).hasValueSatisfying(d -> assertThat(d.found()).contains(List.of(gone)));

    tables.sweepStage().putDeleted(RUN, Lookup.failed("HTTP 403 Authorization_RequestDenied"));
    assertThat(tables.sweepStage().deleted(RUN)).hasValueSatisfying(d -> assertThat(d)
        .isInstanceOf(Lookup.Failed.class).asString().contains("Authorization_RequestDenied"));
  }

  @Test
  void whatARunLeftIsDroppedWithItsRunRecordNoLater() {
    Instant now = Instant.parse("2026-12-01T21:00:00Z");
    String old = SweepRun.newId(now.minus(java.time.Duration.ofDays(91)));
    String recent = SweepRun.newId(now.minus(java.time.Duration.ofDays(89)));
    tables.sweepStage().put(old, staged(3, "func-"), answers());
    tables.sweepStage().put(recent, staged(3, "func-"), answers());

    tables.sweepStage().dropBefore(now.minus(java.time.Duration.ofDays(90)));

    assertThat(tables.sweepStage().read(old)).isEmpty();
    assertThat(tables.sweepStage().read(recent)).hasSize(1);
  }
}
