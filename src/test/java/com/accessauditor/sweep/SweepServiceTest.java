package com.accessauditor.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.app.Stores;
import com.accessauditor.baseline.Baseline;
import com.accessauditor.baseline.BaselineFile;
import com.accessauditor.detect.Detectors;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.FindingStatus;
import com.accessauditor.model.Scope;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole sweep over the recycled-app scenario in src/test/resources/snapshots/recycled-app. */
class SweepServiceTest {
  private static final String SCENARIO = "snapshots/recycled-app";
  private static final List<Scope> SUBSCRIPTION =
      List.of(Scope.parse("/subscriptions/11111111-2222-3333-4444-555555555555"));
  private static final String OLD = "0a1b2c3d-0001-4000-8000-00000000a001";
  private static final String NEW = "0a1b2c3d-0002-4000-8000-00000000a002";
  private static final String HARD_DELETED = "0a1b2c3d-0003-4000-8000-00000000a003";

  private final Stores stores = Stores.inMemory();
  private Instant now = Instant.parse("2026-11-23T06:00:00Z");

  @TempDir Path temp;

  private SweepReport sweep(Path snapshot) throws Exception {
    Baseline baseline = BaselineFile.read(Resources.path(SCENARIO).resolve("baseline.yaml"));
    SnapshotTenant tenant = SnapshotTenant.load(snapshot);
    assertThat(tenant.problems()).isEmpty();
    SweepService service = new SweepService(tenant, tenant, tenant, stores.inventory(), stores.findings(),
        Clock.fixed(now, ZoneOffset.UTC), Detectors.SWEEP);
    return service.run(SUBSCRIPTION, Optional.of(baseline), line -> {});
  }

  @Test
  void aRecycledAppShowsTheRecycleTheMissingGrantsAndTheOrphansAndNothingForDeclaredOrToleratedGrants()
      throws Exception {
    SweepReport report = sweep(Resources.path(SCENARIO));

    assertThat(report.open()).extracting(f -> f.kind() + " " + f.principalId() + " " + f.roleName())
        .containsExactlyInAnyOrder(
            "RECYCLED_IDENTITY " + NEW + " ",
            "MISSING_ASSIGNMENT " + NEW + " Storage Blob Data Owner",
            "MISSING_ASSIGNMENT " + NEW + " Key Vault Secrets User",
            "IDENTITY_SETTINGS_MISMATCH " + NEW + " ",
            "ORPHANED_ASSIGNMENT " + OLD + " Storage Blob Data Owner",
            "ORPHANED_ASSIGNMENT " + OLD + " Key Vault Secrets User",
            "ORPHANED_ASSIGNMENT " + HARD_DELETED + " Reader");
    assertThat(report.complete()).isTrue();
    assertThat(report.opened()).isEqualTo(7);
    Finding recycle = only(report, FindingKind.RECYCLED_IDENTITY);
    assertThat(recycle.remediation())
        .contains("az role assignment create --assignee-object-id " + NEW)
        .contains("az role assignment delete --ids");
  }

  @Test
  void aSecondRunChangesNoFingerprintsAndOnlyMovesLastSeen() throws Exception {
    SweepReport first = sweep(Resources.path(SCENARIO));
    now = now.plus(Duration.ofHours(6));
    SweepReport second = sweep(Resources.path(SCENARIO));

    assertThat(second.open()).extracting(Finding::fingerprint)
        .containsExactlyInAnyOrderElementsOf(first.open().stream().map(Finding::fingerprint).toList());
    assertThat(second.opened()).isZero();
    assertThat(second.resolved()).isEmpty();
    assertThat(stores.findings().list()).hasSize(7)
        .allSatisfy(f -> {
          assertThat(f.lastSeen()).isEqualTo(now);
          assertThat(f.firstSeen()).isEqualTo(now.minus(Duration.ofHours(6)));
        });
  }

  @Test
  void reGrantingTheNewIdentityAndRemovingTheOrphansResolvesTheirFindings() throws Exception {
    sweep(Resources.path(SCENARIO));
    Path fixed = copyScenario(text -> text
        .replace("\"principalId\": \"" + OLD + "\"", "\"principalId\": \"" + NEW + "\""));
    now = now.plus(Duration.ofHours(6));

    SweepReport after = sweep(fixed);

    assertThat(after.resolved()).extracting(Finding::kind).containsExactlyInAnyOrder(
        FindingKind.RECYCLED_IDENTITY, FindingKind.MISSING_ASSIGNMENT, FindingKind.MISSING_ASSIGNMENT,
        FindingKind.IDENTITY_SETTINGS_MISMATCH, FindingKind.ORPHANED_ASSIGNMENT, FindingKind.ORPHANED_ASSIGNMENT);
    assertThat(after.resolved()).allSatisfy(f -> assertThat(f.resolvedAt()).contains(now));
    assertThat(after.open()).singleElement()
        .satisfies(f -> assertThat(f.principalId()).isEqualTo(HARD_DELETED));
  }

  @Test
  void aDirectoryOutageRaisesNoOrphansResolvesNoneAndSaysTheSweepWasIncomplete() throws Exception {
    sweep(Resources.path(SCENARIO));
    Path noDirectory = copyScenario(Function.identity());
    Files.delete(noDirectory.resolve(SnapshotTenant.PRINCIPALS));
    now = now.plus(Duration.ofHours(6));

    SweepReport report = sweep(noDirectory);

    assertThat(report.complete()).isFalse();
    assertThat(report.gaps()).anySatisfy(g -> assertThat(g).contains("directory").contains("no orphan findings"));
    assertThat(report.resolved()).isEmpty();
    Map<FindingKind, List<Finding>> stored = stores.findings().list().stream()
        .collect(Collectors.groupingBy(Finding::kind));
    assertThat(stored.get(FindingKind.ORPHANED_ASSIGNMENT)).hasSize(3)
        .allSatisfy(f -> assertThat(f.status()).isEqualTo(FindingStatus.OPEN))
        .allSatisfy(f -> assertThat(f.lastSeen()).as("not seen again without the directory").isBefore(now));
  }

  @Test
  void withoutABaselineDriftFindingsAreNeitherRaisedNorResolved() throws Exception {
    sweep(Resources.path(SCENARIO));
    SnapshotTenant tenant = SnapshotTenant.load(Resources.path(SCENARIO));
    now = now.plus(Duration.ofHours(6));
    SweepReport report = new SweepService(tenant, tenant, tenant, stores.inventory(), stores.findings(),
        Clock.fixed(now, ZoneOffset.UTC), Detectors.SWEEP).run(SUBSCRIPTION, Optional.empty(), line -> {});

    assertThat(report.open()).noneMatch(f -> f.kind() == FindingKind.MISSING_ASSIGNMENT);
    assertThat(stores.findings().list()).filteredOn(f -> f.kind() == FindingKind.MISSING_ASSIGNMENT)
        .hasSize(2).allSatisfy(f -> assertThat(f.status()).isEqualTo(FindingStatus.OPEN));
  }

  @Test
  void theInventoryRemembersTheRecycleSoALaterSweepWithoutDeletedItemsStillReportsIt() throws Exception {
    sweep(Resources.path(SCENARIO));
    Path purged = copyScenario(Function.identity());
    Files.writeString(purged.resolve(SnapshotTenant.DELETED_PRINCIPALS), "[]");
    now = now.plus(Duration.ofDays(31));

    SweepReport report = sweep(purged);

    assertThat(report.open()).anySatisfy(f -> assertThat(f.kind()).isEqualTo(FindingKind.RECYCLED_IDENTITY));
  }

  private static Finding only(SweepReport report, FindingKind kind) {
    return report.open().stream().filter(f -> f.kind() == kind).findFirst().orElseThrow();
  }

  private Path copyScenario(Function<String, String> editAssignments) throws IOException {
    Path dir = Files.createTempDirectory(temp, "scenario");
    try (var files = Files.list(Resources.path(SCENARIO))) {
      for (Path f : files.toList()) {
        String text = Files.readString(f);
        Files.writeString(dir.resolve(f.getFileName()),
            f.getFileName().toString().equals(SnapshotTenant.ROLE_ASSIGNMENTS) ? editAssignments.apply(text) : text);
      }
    }
    return dir;
  }

  @Test
  void aRunWithoutABaselineOverAWholeSnapshotIsRecordedDoneAndOneWithAnUnreadFileSaysWhichAndWhy() throws Exception {
    SnapshotTenant tenant = SnapshotTenant.load(Resources.path(SCENARIO));
    SweepService service = new SweepService(tenant, tenant, tenant, stores.inventory(), stores.findings(),
        stores.sweepRuns(), Clock.fixed(now, ZoneOffset.UTC), Detectors.SWEEP);

    SweepReport whole = service.run(SUBSCRIPTION, Optional.empty(), line -> {});

    SweepRun run = stores.sweepRuns().find(whole.run().runId()).orElseThrow();
    assertThat(run.subscriptions().values()).singleElement().satisfies(s -> {
      assertThat(s.subscriptionId()).isEqualTo("11111111-2222-3333-4444-555555555555");
      assertThat(s.state()).isEqualTo(SweepRun.State.DONE);
    });

    Path broken = temp.resolve("no-sites");
    java.nio.file.Files.createDirectories(broken);
    try (var files = java.nio.file.Files.list(Resources.path(SCENARIO))) {
      for (Path f : files.filter(f -> !f.getFileName().toString().equals("sites.json")).toList()) {
        java.nio.file.Files.copy(f, broken.resolve(f.getFileName()));
      }
    }
    SnapshotTenant withoutSites = SnapshotTenant.load(broken);
    SweepReport partial = new SweepService(withoutSites, withoutSites, withoutSites, stores.inventory(),
        stores.findings(), stores.sweepRuns(), Clock.fixed(now.plusSeconds(60), ZoneOffset.UTC), Detectors.SWEEP)
        .run(SUBSCRIPTION, Optional.empty(), line -> {});

    assertThat(stores.sweepRuns().recent(2)).extracting(SweepRun::runId)
        .containsExactly(partial.run().runId(), whole.run().runId());
    assertThat(partial.run().subscriptions().values()).singleElement().satisfies(s -> {
      assertThat(s.state()).isEqualTo(SweepRun.State.INCOMPLETE);
      assertThat(s.why()).contains("sites").contains("sites.json");
    });
  }

  private static final String DANA = "4d5e6f70-2222-4b4b-8c8c-1a1b1c1d1e01";
  private static final String RILEY = "4d5e6f70-2222-4b4b-8c8c-1a1b1c1d1e02";
  private static final String GONE = "4d5e6f70-2222-4b4b-8c8c-1a1b1c1d1e03";
  private static final String CORP = "/providers/Microsoft.Management/managementGroups/corp";

  private SweepReport sweepPim(Path snapshot, Instant at) {
    SnapshotTenant tenant = SnapshotTenant.load(snapshot);
    assertThat(tenant.problems()).isEmpty();
    return new SweepService(tenant, tenant, tenant, stores.inventory(), stores.findings(), stores.sweepRuns(),
        Clock.fixed(at, ZoneOffset.UTC), Detectors.SWEEP).run(SUBSCRIPTION, Optional.empty(), line -> {});
  }

  @Test
  void anActivatedEligibilityRaisesNothingOpenAndTheEligibilityIsWhatIsJudged() {
    SweepReport report = sweepPim(Resources.path("snapshots/pim"), now);

    List<Finding> all = stores.findings().list();
    assertThat(all).filteredOn(f -> f.kind() == FindingKind.PRIVILEGED_GRANT && f.status() == FindingStatus.OPEN)
        .as("Jordan's standing Owner only: Dana's Owner is her activation")
        .extracting(Finding::principalId).containsExactly("3c2d1e0f-1111-4a4a-9b9b-0a0b0c0d0e01");
    assertThat(all).filteredOn(f -> f.kind() == FindingKind.PRIVILEGED_GRANT && f.principalId().equals(DANA))
        .singleElement().satisfies(f -> {
          assertThat(f.status()).isEqualTo(FindingStatus.SUPPRESSED);
          assertThat(f.suppression().orElseThrow().origin().label()).isEqualTo("pim-activation");
        });
    assertThat(all).filteredOn(f -> f.kind() == FindingKind.PRIVILEGED_ELIGIBILITY)
        .extracting(f -> f.principalId() + " " + f.roleName() + " " + f.scope() + " " + f.severity())
        .containsExactlyInAnyOrder(
            DANA + " Owner " + SUBSCRIPTION.get(0) + " HIGH",
            DANA + " User Access Administrator " + CORP + " HIGH");
    assertThat(all).filteredOn(f -> f.kind() == FindingKind.ORPHANED_ASSIGNMENT)
        .as("Riley is in the directory: only the deleted principal's eligibility is orphaned")
        .extracting(f -> f.principalId() + " " + f.roleName()).containsExactly(GONE + " Owner (eligible)");
    assertThat(all).noneMatch(f -> f.principalId().equals(RILEY));
    assertThat(report.run().subscriptions().values()).singleElement()
        .satisfies(s -> assertThat(s.state()).isEqualTo(SweepRun.State.DONE));
  }

  @Test
  void aRemovedEligibilityIsResolvedButAnExportWithoutPimFilesResolvesNothingAndSaysSo() throws Exception {
    sweepPim(Resources.path("snapshots/pim"), now);
    Path withoutPim = copyWithout(Resources.path("snapshots/pim"), "roleEligibilityScheduleInstances.json",
        "roleAssignmentScheduleInstances.json");

    SweepReport unexported = sweepPim(withoutPim, now.plusSeconds(3600));

    assertThat(unexported.resolved()).as("not read is not gone").isEmpty();
    assertThat(unexported.notes()).anySatisfy(n -> assertThat(n).contains("roleEligibilityScheduleInstances.json"));
    assertThat(unexported.run().subscriptions().values()).singleElement()
        .satisfies(s -> assertThat(s.state()).isEqualTo(SweepRun.State.DONE));

    Path noEligibility = copyWithout(Resources.path("snapshots/pim"), "roleEligibilityScheduleInstances.json");
    Files.writeString(noEligibility.resolve("roleEligibilityScheduleInstances.json"), "{\"value\": []}");
    SweepReport removed = sweepPim(noEligibility, now.plusSeconds(7200));

    // The management group's eligibility stays: without the hierarchy, whether this subscription sits below
    // corp is unknown, so its absence here proves nothing.
    assertThat(removed.resolved()).extracting(f -> f.kind() + " " + f.principalId() + " " + f.scope())
        .containsExactlyInAnyOrder("PRIVILEGED_ELIGIBILITY " + DANA + " " + SUBSCRIPTION.get(0),
            "ORPHANED_ASSIGNMENT " + GONE + " " + SUBSCRIPTION.get(0));
  }

  private Path copyWithout(Path from, String... left) throws IOException {
    Path dir = Files.createTempDirectory(temp, "pim");
    try (var files = Files.list(from)) {
      for (Path f : files.filter(f -> !List.of(left).contains(f.getFileName().toString())).toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    return dir;
  }
}
