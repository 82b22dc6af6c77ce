package com.accessauditor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.app.Stores;
import com.accessauditor.detect.Detectors;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.sweep.SweepService;
import com.accessauditor.support.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `az role assignment list --all` rows at a management group and at the root, with the hierarchy from
 * `az account management-group entities list` and memberships from `az ad group member list`
 * (snapshots/management-groups): mg-corp > mg-prod > orders-prod; the root group > mg-sandbox > sandbox.
 */
class ManagementGroupInheritanceTest {
  static final String SCENARIO = "snapshots/management-groups";
  static final String PROD = "/subscriptions/aaaaaaaa-1111-4000-8000-000000000001";
  static final String SANDBOX = "/subscriptions/bbbbbbbb-2222-4000-8000-000000000002";
  static final String PROD_ACCOUNT = PROD + "/resourceGroups/rg-orders/providers/Microsoft.Storage/storageAccounts/st1";
  static final String SANDBOX_ACCOUNT = SANDBOX + "/resourceGroups/rg-sandbox/providers/Microsoft.Storage"
      + "/storageAccounts/st2";
  static final String ALICE = "0a1b2c3d-1001-4000-8000-00000000b001";
  static final String CAROL = "0a1b2c3d-1003-4000-8000-00000000b003";
  static final String AUDITORS = "0a1b2c3d-1004-4000-8000-00000000b004";
  static final String READ = "Microsoft.Storage/storageAccounts/read";
  static final String WRITE = "Microsoft.Storage/storageAccounts/write";

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private Diagnosis diagnose(SnapshotTenant tenant, String principal, String scope, String action) {
    return new AccessDiagnosis(tenant, tenant, tenant, Optional.empty(), clock).diagnose(AccessQuestion.of(
        Optional.of(principal), Optional.of(scope), Optional.of(action), Optional.empty()));
  }

  private SnapshotTenant copyWithout(String... left) throws Exception {
    try (var files = Files.list(Resources.path(SCENARIO))) {
      for (Path f : files.toList()) {
        if (!List.of(left).contains(f.getFileName().toString())) {
          Files.copy(f, dir.resolve(f.getFileName()));
        }
      }
    }
    return SnapshotTenant.load(dir);
  }

  @Test
  void aReaderInheritedFromAManagementGroupThroughAGroupAllowsTheRead() {
    SnapshotTenant tenant = SnapshotTenant.load(Resources.path(SCENARIO));
    assertThat(tenant.problems()).isEmpty();

    Diagnosis d = diagnose(tenant, CAROL, PROD_ACCOUNT, READ);

    assertThat(d.verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(d.reasons()).anySatisfy(r -> assertThat(r.text()).contains("Reader inherited from management group"
        + " mg-prod").contains("through group " + AUDITORS));
    assertThat(d.commands()).as("nothing to grant again").isEmpty();
  }

  @Test
  void aManagementGroupGrantDoesNotReachASubscriptionInAnotherBranch() {
    Diagnosis d = diagnose(SnapshotTenant.load(Resources.path(SCENARIO)), CAROL, SANDBOX_ACCOUNT, READ);

    assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
    assertThat(d.reasons()).noneSatisfy(r -> assertThat(r.kind()).isEqualTo(Reason.Kind.GRANTED));
  }

  @Test
  void withoutTheHierarchyASeveralSubscriptionExportAnswersUnknownNeverDenied() throws Exception {
    Diagnosis d = diagnose(copyWithout(SnapshotTenant.MANAGEMENT_GROUPS), CAROL, PROD_ACCOUNT, READ);

    assertThat(d.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(d.reasons()).anySatisfy(r -> assertThat(r.text()).contains("mg-prod")
        .contains(SnapshotTenant.MANAGEMENT_GROUPS));
    assertThat(d.commands()).as("no grant proposed for what may already be granted").isEmpty();
  }

  @Test
  void withoutExportedMembershipsAGroupThatCouldGrantItMakesTheAnswerUnknown() throws Exception {
    Diagnosis d = diagnose(copyWithout(SnapshotTenant.GROUP_MEMBERS), CAROL, PROD_ACCOUNT, READ);

    assertThat(d.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(d.reasons()).anySatisfy(r -> assertThat(r.text()).contains("Group memberships could not be read")
        .contains("Reader to group " + AUDITORS));
  }

  @Test
  void aGroupFromAzAdGroupListIsProposedAGrantAsAGroup() {
    Diagnosis d = diagnose(SnapshotTenant.load(Resources.path(SCENARIO)), AUDITORS, PROD_ACCOUNT, WRITE);

    assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
    assertThat(d.commands()).singleElement().asString().contains("--assignee-principal-type Group")
        .doesNotContain("ServicePrincipal");
  }

  @Test
  void ownerAtAManagementGroupIsACriticalPrivilegedGrantInTheSweep() {
    SnapshotTenant tenant = SnapshotTenant.load(Resources.path(SCENARIO));
    Stores stores = Stores.inMemory();

    new SweepService(tenant, tenant, tenant, stores.inventory(), stores.findings(), clock, Detectors.SWEEP)
        .run(tenant.subscriptions(), Optional.empty(), line -> { });

    List<Finding> privileged = stores.findings().list().stream()
        .filter(f -> f.kind() == FindingKind.PRIVILEGED_GRANT).toList();
    assertThat(privileged).anySatisfy(f -> {
      assertThat(f.principalId()).isEqualTo(ALICE);
      assertThat(f.scope()).isEqualTo("/providers/Microsoft.Management/managementGroups/mg-corp");
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    });
  }

  private List<Finding> sweepTwiceWithoutAliceOwner(boolean withHierarchy) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("tenant"));
    try (var files = Files.list(Resources.path(SCENARIO))) {
      for (Path f : files.toList()) {
        if (withHierarchy || !f.getFileName().toString().equals(SnapshotTenant.MANAGEMENT_GROUPS)) {
          Files.copy(f, folder.resolve(f.getFileName()));
        }
      }
    }
    Stores stores = Stores.inMemory();
    SnapshotTenant before = SnapshotTenant.load(folder);
    new SweepService(before, before, before, stores.inventory(), stores.findings(), clock, Detectors.SWEEP)
        .run(before.subscriptions(), Optional.empty(), line -> { });
    var rows = (com.fasterxml.jackson.databind.node.ArrayNode) new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(folder.resolve(SnapshotTenant.ROLE_ASSIGNMENTS).toFile());
    for (int i = rows.size() - 1; i >= 0; i--) {
      if (rows.get(i).path("principalId").asText().equals(ALICE)) {
        rows.remove(i);
      }
    }
    Files.writeString(folder.resolve(SnapshotTenant.ROLE_ASSIGNMENTS), rows.toString());
    SnapshotTenant after = SnapshotTenant.load(folder);
    new SweepService(after, after, after, stores.inventory(), stores.findings(),
        Clock.offset(clock, java.time.Duration.ofHours(6)), Detectors.SWEEP)
        .run(after.subscriptions(), Optional.empty(), line -> { });
    return stores.findings().list().stream().filter(f -> f.principalId().equals(ALICE)).toList();
  }

  @Test
  void aManagementGroupGrantGoneFromASubscriptionBelowItIsResolved() throws Exception {
    assertThat(sweepTwiceWithoutAliceOwner(true)).singleElement().satisfies(f ->
        assertThat(f.status()).isEqualTo(com.accessauditor.findings.FindingStatus.RESOLVED));
  }

  @Test
  void withoutKnowingWhichSubscriptionsSitBelowTheGroupItsFindingStaysOpen() throws Exception {
    assertThat(sweepTwiceWithoutAliceOwner(false)).singleElement().satisfies(f ->
        assertThat(f.status()).isEqualTo(com.accessauditor.findings.FindingStatus.OPEN));
  }
}
