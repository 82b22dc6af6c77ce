package com.accessauditor.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.app.Stores;
import com.accessauditor.detect.Detectors;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.support.Resources;
import com.accessauditor.sweep.SweepService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exported snapshot folders as people really produce them: half-copied, the wrong shape, hostile. */
class SnapshotTenantTest {
  private static final String OLD_IDENTITY = "5e0c0a1d-2b3c-4d5e-8f90-a1b2c3d4e5f6";

  @TempDir Path dir;

  @Test
  void everyBrokenFileIsNamedWithWhatIsWrongAndTheGoodOnesAreStillRead() throws Exception {
    Files.writeString(dir.resolve(SnapshotTenant.PRINCIPALS), "{\"value\": [ {\"id\": \"0a1b");
    Files.writeString(dir.resolve(SnapshotTenant.SITES), "{\"value\": {\"id\": \"not an array\"}}");
    Files.writeString(dir.resolve(SnapshotTenant.IDENTITIES), "<html>Sign in to continue</html>");
    Files.writeString(dir.resolve(SnapshotTenant.ROLE_ASSIGNMENTS),
        Resources.text("snapshots/recycled-app/" + SnapshotTenant.ROLE_ASSIGNMENTS));

    SnapshotTenant tenant = SnapshotTenant.load(dir);

    assertThat(tenant.problems()).hasSize(3)
        .anySatisfy(p -> assertThat(p).contains(SnapshotTenant.PRINCIPALS))
        .anySatisfy(p -> assertThat(p).contains(SnapshotTenant.SITES))
        .anySatisfy(p -> assertThat(p).contains(SnapshotTenant.IDENTITIES));
    assertThat(tenant.roleAssignments()).isNotEmpty();
    assertThat(tenant.principal(PrincipalId.parse(OLD_IDENTITY)))
        .as("an unreadable directory file means the directory could not be asked, not that the principal is gone")
        .isInstanceOf(Lookup.Failed.class);
  }

  @Test
  void aSweepOverAnUnreadableDirectoryFileRaisesNoOrphanAndAdvisesNoDeletion() throws Exception {
    Path scenario = Resources.path("snapshots/recycled-app");
    try (var files = Files.list(scenario)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    Files.writeString(dir.resolve(SnapshotTenant.PRINCIPALS), "{\"value\": [");
    Files.writeString(dir.resolve(SnapshotTenant.DELETED_PRINCIPALS), "");
    SnapshotTenant tenant = SnapshotTenant.load(dir);
    Stores stores = Stores.inMemory();

    new SweepService(tenant, tenant, tenant, stores.inventory(), stores.findings(), Clock.systemUTC(),
        Detectors.SWEEP).run(tenant.subscriptions(), Optional.empty(), line -> { });

    List<Finding> findings = stores.findings().list();
    assertThat(findings).as("the sweep still reports what it could judge").isNotEmpty();
    assertThat(findings).noneSatisfy(f -> assertThat(f.kind()).isIn(FindingKind.ORPHANED_ASSIGNMENT,
        FindingKind.RECYCLED_IDENTITY));
    assertThat(findings).allSatisfy(f -> assertThat(f.detail() + f.remediation()).doesNotContain("deleted principal"));
  }

  private void copyScenario(String scenario) throws Exception {
    try (var files = Files.list(Resources.path(scenario))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  @Test
  void filesSavedByWindowsPowerShellReadAsTheirUtf8Originals() throws Exception {
    copyScenario("snapshots/recycled-app");
    SnapshotTenant original = SnapshotTenant.load(dir);
    String assignments = Files.readString(dir.resolve(SnapshotTenant.ROLE_ASSIGNMENTS));
    String principals = Files.readString(dir.resolve(SnapshotTenant.PRINCIPALS));
    // PowerShell 5's `>` writes UTF-16 LE with a byte-order mark; Out-File -Encoding utf8 writes a UTF-8 BOM.
    byte[] utf16 = assignments.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
    byte[] withBom = new byte[utf16.length + 2];
    withBom[0] = (byte) 0xFF;
    withBom[1] = (byte) 0xFE;
    System.arraycopy(utf16, 0, withBom, 2, utf16.length);
    Files.write(dir.resolve(SnapshotTenant.ROLE_ASSIGNMENTS), withBom);
    Files.writeString(dir.resolve(SnapshotTenant.PRINCIPALS), "\uFEFF" + principals);
    Files.write(dir.resolve(SnapshotTenant.SITES), Files.readString(Resources.path("snapshots/recycled-app")
        .resolve(SnapshotTenant.SITES)).getBytes(java.nio.charset.StandardCharsets.UTF_16BE));

    SnapshotTenant tenant = SnapshotTenant.load(dir);

    assertThat(tenant.problems()).isEmpty();
    assertThat(tenant.roleAssignments()).containsExactlyInAnyOrderElementsOf(original.roleAssignments());
    assertThat(tenant.principal(PrincipalId.parse("0a1b2c3d-0002-4000-8000-00000000a002")))
        .isInstanceOf(Lookup.Found.class);
    assertThat(tenant.subscriptions()).isEqualTo(original.subscriptions());
  }

  @Test
  void bytesThatAreNotTextNameTheFileInsteadOfFailingTheRun() throws Exception {
    Files.write(dir.resolve(SnapshotTenant.ROLE_ASSIGNMENTS), new byte[] {'[', (byte) 0xC3, (byte) 0x28, ']'});

    SnapshotTenant tenant = SnapshotTenant.load(dir);

    assertThat(tenant.problems()).singleElement().asString().contains(SnapshotTenant.ROLE_ASSIGNMENTS)
        .contains("UTF-8");
  }

  @Test
  void aFileThatIsOnePageOfAPagedAnswerIsRefusedAndNobodyOnLaterPagesIsCalledDeleted() throws Exception {
    copyScenario("snapshots/recycled-app");
    String page = Files.readString(dir.resolve(SnapshotTenant.PRINCIPALS)).replaceFirst("\\{",
        "{\"@odata.nextLink\": \"https://graph.microsoft.com/v1.0/directoryObjects/getByIds?\\$skiptoken=X\",");
    Files.writeString(dir.resolve(SnapshotTenant.PRINCIPALS), page);
    SnapshotTenant tenant = SnapshotTenant.load(dir);
    Stores stores = Stores.inMemory();

    new SweepService(tenant, tenant, tenant, stores.inventory(), stores.findings(), Clock.systemUTC(),
        Detectors.SWEEP).run(tenant.subscriptions(), Optional.empty(), line -> { });

    assertThat(tenant.problems()).singleElement().asString().contains(SnapshotTenant.PRINCIPALS)
        .contains("one page of a paged answer").contains("@odata.nextLink").contains("--all");
    assertThat(tenant.principal(PrincipalId.parse("0a1b2c3d-0002-4000-8000-00000000a002")))
        .isInstanceOf(Lookup.Failed.class);
    assertThat(stores.findings().list()).as("the deleted items, read whole, still show the recycle")
        .anySatisfy(f -> assertThat(f.kind()).isEqualTo(FindingKind.RECYCLED_IDENTITY))
        .noneSatisfy(f -> assertThat(f.kind()).isEqualTo(FindingKind.ORPHANED_ASSIGNMENT))
        .allSatisfy(f -> assertThat(f.detail()).doesNotContain("permanently deleted"));
  }

  @Test
  void aSubscriptionTheSnapshotHoldsNothingOfIsNotReadRatherThanEmpty() {
    SnapshotTenant tenant = SnapshotTenant.load(Resources.path("snapshots/escalation"));
    com.accessauditor.model.Scope elsewhere = com.accessauditor.model.Scope.parse(
        "/subscriptions/22222222-3333-4444-5555-666666666666/resourceGroups/rg-app");

    assertThat(tenant.roleAssignmentsFor(elsewhere)).isInstanceOfSatisfying(Lookup.Failed.class,
        f -> assertThat(f.reason()).contains("holds nothing of subscription 22222222-3333-4444-5555-666666666666")
            .contains("aaaaaaaa-1111-4000-8000-00000000000a"));
    assertThat(tenant.sitesIn(elsewhere)).isInstanceOf(Lookup.Failed.class);
    assertThat(tenant.userAssignedIdentitiesIn(elsewhere)).isInstanceOf(Lookup.Failed.class);
    assertThat(tenant.roleAssignmentsFor(tenant.subscriptions().get(0))).isInstanceOf(Lookup.Found.class);
  }

  @Test
  void anArmListPageWithANextLinkIsRefusedButANullNextLinkIsTheLastPage() throws Exception {
    Files.writeString(dir.resolve(SnapshotTenant.IDENTITIES), "{\"value\": [], \"nextLink\": null}");
    Files.writeString(dir.resolve(SnapshotTenant.SITES), "{\"value\": [], \"nextLink\":"
        + " \"https://management.azure.com/subscriptions/x/providers/Microsoft.Web/sites?$skipToken=2\"}");

    SnapshotTenant tenant = SnapshotTenant.load(dir);

    assertThat(tenant.problems()).singleElement().asString().contains(SnapshotTenant.SITES).contains("nextLink");
    assertThat(tenant.sitesIn(com.accessauditor.model.Scope.parse("/subscriptions/x"))).isInstanceOf(Lookup.Failed.class);
    assertThat(tenant.userAssignedIdentitiesIn(com.accessauditor.model.Scope.parse("/subscriptions/x")))
        .isInstanceOf(Lookup.Found.class);
  }

  @Test
  void aLargeExportSpilledOneSubscriptionPerFileAnswersAsTheSameExportHeldInMemory() {
    for (String scenario : List.of("snapshots/recycled-app", "snapshots/management-groups", "demo/day2")) {
      Path folder = Resources.path(scenario);
      SnapshotTenant held = SnapshotTenant.load(folder);
      SnapshotTenant spilled = SnapshotTenant.load(folder, 0);

      assertThat(spilled.problems()).isEqualTo(held.problems());
      assertThat(spilled.subscriptions()).as(scenario).isEqualTo(held.subscriptions()).isNotEmpty();
      assertThat(spilled.roleAssignments()).containsExactlyInAnyOrderElementsOf(held.roleAssignments());
      for (com.accessauditor.model.Scope sub : held.subscriptions()) {
        assertThat(spilled.roleAssignmentsFor(sub).found().orElseThrow())
            .containsExactlyInAnyOrderElementsOf(held.roleAssignmentsFor(sub).found().orElseThrow());
      }
      com.accessauditor.model.RoleAssignment any = held.roleAssignments().iterator().next();
      assertThat(spilled.roleAssignment(any.id())).isEqualTo(held.roleAssignment(any.id()));
      assertThat(spilled.roleAssignment(any.id().replace("roleAssignments/", "roleAssignments/0")))
          .isInstanceOf(Lookup.NotFound.class);
    }
  }

  @Test
  void aLargeExportThatTurnsOutToBeOnePageIsRefusedWholeAfterItWasSpilled() throws Exception {
    String rows = Resources.text("snapshots/recycled-app/" + SnapshotTenant.ROLE_ASSIGNMENTS).trim();
    Files.writeString(dir.resolve(SnapshotTenant.ROLE_ASSIGNMENTS), rows.substring(0, rows.lastIndexOf('}'))
        + ", \"nextLink\": \"https://management.azure.com/subscriptions/x/providers/Microsoft.Authorization/"
        + "roleAssignments?$skiptoken=abc\"}");

    SnapshotTenant tenant = SnapshotTenant.load(dir, 0);

    assertThat(tenant.problems()).singleElement().asString().contains("one page of a paged answer")
        .contains("nextLink");
    assertThat(tenant.roleAssignmentsFor(com.accessauditor.model.Scope.parse(
        "/subscriptions/11111111-2222-3333-4444-555555555555"))).isInstanceOf(Lookup.Failed.class);
  }
}
