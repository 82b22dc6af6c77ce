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
}
