package com.accessauditor.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.app.Stores;
import com.accessauditor.baseline.Baseline;
import com.accessauditor.baseline.BaselineFile;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.Resources;
import com.accessauditor.sweep.SweepService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * "A detector is one class, its test and one line": every detector in {@link Detectors#ALL} says what it is on
 * its class, has a test class of its own, and a pair of fixtures (src/test/resources/detectors/NAME/flagged
 * and allowed) that a sweep proves it flags and allows.
 */
class DetectorRegistryTest {
  private static final Instant DAY_BEFORE = Instant.parse("2026-11-23T06:00:00Z");
  private static final Instant SWEPT = Instant.parse("2026-11-24T06:00:00Z");

  @Test
  void everyDetectorSaysOnItsClassWhatItIsAndOffersAFix() {
    assertThat(Detectors.ALL).allSatisfy(d -> {
      DetectorInfo info = d.getClass().getAnnotation(DetectorInfo.class);
      assertThat(info).as(d.getClass().getSimpleName() + " has @DetectorInfo").isNotNull();
      assertThat(info.kinds()).as(d.getClass().getSimpleName()).isNotEmpty();
      assertThat(info.fix()).as(d.getClass().getSimpleName() + "'s fix").isNotBlank();
    });
  }

  @Test
  void everyKindOfFindingIsRaisedByExactlyOneDetector() {
    Map<FindingKind, List<String>> by = new EnumMap<>(FindingKind.class);
    Detectors.ALL.forEach(d -> d.kinds().forEach(k -> by.computeIfAbsent(k, x -> new ArrayList<>())
        .add(d.getClass().getSimpleName())));
    assertThat(by.keySet()).containsExactlyInAnyOrder(FindingKind.values());
    assertThat(by.values()).allSatisfy(names -> assertThat(names).hasSize(1));
  }

  @Test
  void everyDetectorHasATestClassOfItsOwn() {
    assertThat(Detectors.ALL).allSatisfy(d -> assertThat(exists(d.getClass().getName() + "Test"))
        .as(d.getClass().getSimpleName() + "Test").isTrue());
  }

  @Test
  void everyDetectorFlagsItsFlaggedFixtureAndAllowsItsAllowedOne() throws Exception {
    for (Detector d : Detectors.ALL) {
      String name = d.getClass().getSimpleName();
      Path flagged = Resources.path("detectors/" + name).resolve("flagged");
      Path allowed = Resources.path("detectors/" + name).resolve("allowed");
      assertThat(flagged).as(name + " has a fixture it flags").isDirectory();
      assertThat(allowed).as(name + " has a fixture it allows").isDirectory();
      assertThat(raised(flagged, d.kinds())).as(name + " flags " + flagged).isNotEmpty();
      assertThat(raised(allowed, d.kinds())).as(name + " allows " + allowed).isEmpty();
    }
  }

  /** The open findings of these kinds after sweeping the fixture (after its `before/`, a day earlier). */
  private static List<String> raised(Path fixture, Set<FindingKind> kinds) throws Exception {
    Stores stores = Stores.inMemory();
    Optional<Baseline> baseline = Files.exists(fixture.resolve("baseline.yaml"))
        ? Optional.of(BaselineFile.read(fixture.resolve("baseline.yaml"))) : Optional.empty();
    if (Files.isDirectory(fixture.resolve("before"))) {
      sweep(fixture.resolve("before"), stores, baseline, DAY_BEFORE);
    }
    sweep(fixture, stores, baseline, SWEPT);
    return stores.findings().list().stream().filter(Finding::isActive).filter(f -> kinds.contains(f.kind()))
        .map(f -> f.kind() + " " + f.title()).toList();
  }

  private static void sweep(Path dir, Stores stores, Optional<Baseline> baseline, Instant at) {
    SnapshotTenant tenant = SnapshotTenant.load(dir);
    assertThat(tenant.problems()).as(dir + " reads whole").isEmpty();
    new SweepService(tenant, tenant, tenant, stores.inventory(), stores.findings(), stores.sweepRuns(),
        Clock.fixed(at, ZoneOffset.UTC), Detectors.SWEEP).run(tenant.subscriptions(), baseline, line -> { });
  }

  private static boolean exists(String className) {
    try {
      Class.forName(className);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
