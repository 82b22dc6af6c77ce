package com.accessauditor.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.alerts.Alert;
import com.accessauditor.app.Alerting;
import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Stores;
import com.accessauditor.app.Tenant;
import com.accessauditor.baseline.Baseline;
import com.accessauditor.baseline.BaselineFile;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.InventoryStore;
import com.accessauditor.model.Scope;
import com.accessauditor.model.StoreUnavailableException;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.FailingFindingStore;
import com.accessauditor.support.MovableClock;
import com.accessauditor.support.RecordingChannel;
import com.accessauditor.support.Resources;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The run over the queues (workers per subscription, then the final step) against the sweep in one pass,
 * on the same snapshots: the same findings, the same verdicts on a second day, nothing alerted twice.
 */
class SweepRunnerTest {
  private static final Instant MONDAY = Instant.parse("2026-11-23T08:00:00Z");
  private static final Instant TUESDAY = Instant.parse("2026-11-24T08:00:00Z");

  @Test
  void theRunOverTheQueueFindsWhatTheSweepInOnePassFinds() throws Exception {
    for (String scenario : List.of("snapshots/recycled-app", "snapshots/management-groups", "snapshots/diagnose",
        "snapshots/pim", "snapshots/escalation")) {
      Path dir = Resources.path(scenario);
      Optional<Baseline> baseline = dir.resolve("baseline.yaml").toFile().exists()
          ? Optional.of(BaselineFile.read(dir.resolve("baseline.yaml"))) : Optional.empty();
      SnapshotTenant tenant = SnapshotTenant.load(dir);
      List<Scope> scopes = scenario.contains("management") ? managementGroupsOf(tenant) : tenant.subscriptions();

      Stores onePass = Stores.inMemory();
      Stores queued = Stores.inMemory();
      app(tenant, onePass, MONDAY).sweep().run(scopes, baseline, line -> { });
      SweepReport report = app(tenant, queued, MONDAY).runner().run(scopes, baseline, 2, Duration.ofSeconds(30),
          Duration.ZERO, line -> { });

      assertThat(findings(queued)).as(scenario).isEqualTo(findings(onePass)).isNotEmpty();
      assertThat(report.run().finished()).as(scenario + ": the final step ran").isTrue();
      assertThat(queued.subscriptionQueue().receive(Duration.ofSeconds(1))).as(scenario + ": nothing left").isEmpty();
    }
  }

  @Test
  void aSecondDayOverTheQueueResolvesAndRaisesWhatTheSweepInOnePassDoes() throws Exception {
    Path monday = Resources.path("demo/day1");
    Path tuesday = Resources.path("demo/day2");
    Optional<Baseline> baseline = Optional.of(BaselineFile.read(Resources.path("demo/baseline.yaml")));
    Stores onePass = Stores.inMemory();
    Stores queued = Stores.inMemory();
    SnapshotTenant day1 = SnapshotTenant.load(monday);
    SnapshotTenant day2 = SnapshotTenant.load(tuesday);
    List<Scope> scopes = day2.subscriptions();

    app(day1, onePass, MONDAY).sweep().run(scopes, baseline, line -> { });
    app(day2, onePass, TUESDAY).sweep().run(scopes, baseline, line -> { });
    AuditorApp first = app(day1, queued, MONDAY);
    first.runner().run(scopes, baseline, 2, Duration.ofSeconds(30), Duration.ZERO, line -> { });
    int alertsAfterMonday = queued.alerts().list().size();
    app(day2, queued, TUESDAY).runner().run(scopes, baseline, 3, Duration.ofSeconds(30), Duration.ZERO, line -> { });

    assertThat(findings(queued)).isEqualTo(findings(onePass));
    assertThat(findings(queued)).as("tuesday resolved some of monday's").anyMatch(f -> f.contains(" resolved "))
        .anyMatch(f -> f.startsWith("RECYCLED_IDENTITY"));
    assertThat(alertsAfterMonday).isPositive();
    assertThat(queued.alerts().list().stream().map(a -> a.kind() + " " + a.finding().fingerprint()))
        .as("one alert per finding and change").doesNotHaveDuplicates();
  }

  @Test
  void theDemoRecycleIsTheRootOfWhatItCausedAndIsAlertedOnceWithItsConsequences() throws Exception {
    SnapshotTenant tuesday = SnapshotTenant.load(Resources.path("demo/day2"));
    Optional<Baseline> baseline = Optional.of(BaselineFile.read(Resources.path("demo/baseline.yaml")));
    Stores stores = Stores.inMemory();
    RecordingChannel ops = new RecordingChannel("ops");
    AuditorApp app = new AuditorApp(Tenant.of(tuesday), stores, Clock.fixed(TUESDAY, ZoneOffset.UTC), List.of(),
        Optional.empty(), Alerting.of(List.of(ops)));

    app.runner().run(tuesday.subscriptions(), baseline, 2, Duration.ofSeconds(30), Duration.ZERO, line -> { });
    app.alerts().deliverDue();

    Finding recycle = active(stores).stream().filter(f -> f.kind() == FindingKind.RECYCLED_IDENTITY).findFirst()
        .orElseThrow();
    Map<String, List<String>> causedByRecycle = active(stores).stream()
        .filter(f -> f.causedBy().equals(Optional.of(recycle.fingerprint())))
        .collect(Collectors.groupingBy(f -> f.kind().name(), java.util.TreeMap::new,
            Collectors.mapping(Finding::title, Collectors.toList())));
    assertThat(causedByRecycle.keySet()).containsExactly("IDENTITY_SETTINGS_MISMATCH", "MISSING_ASSIGNMENT",
        "ORPHANED_ASSIGNMENT");
    assertThat(causedByRecycle.get("ORPHANED_ASSIGNMENT")).as("both grants its old principal left").hasSize(2);
    assertThat(causedByRecycle.get("IDENTITY_SETTINGS_MISMATCH")).allMatch(t -> t.contains("lacks"));
    assertThat(active(stores)).as("the client id naming a deleted identity is not the recycle's")
        .filteredOn(f -> f.title().contains("AZURE_CLIENT_ID")).allMatch(f -> f.causedBy().isEmpty());
    List<Alert> aboutTheRecycle = ops.sent().stream().filter(a -> a.finding().fingerprint().equals(recycle.fingerprint()))
        .toList();
    assertThat(aboutTheRecycle).hasSize(1);
    assertThat(aboutTheRecycle.get(0).consequences()).as("its HIGH consequences, told with it")
        .extracting(Alert.Consequence::title).hasSize(4).allMatch(t -> t.contains("func-orders"));
    assertThat(ops.sent()).as("nothing that follows from the recycle is alerted on its own")
        .noneMatch(a -> a.finding().causedBy().isPresent());
  }

  @Test
  void aRunRepeatedOnTheSameDayChangesNothing() throws Exception {
    SnapshotTenant tenant = SnapshotTenant.load(Resources.path("snapshots/recycled-app"));
    Optional<Baseline> baseline = Optional.of(BaselineFile.read(Resources.path("snapshots/recycled-app/baseline.yaml")));
    Stores queued = Stores.inMemory();
    AuditorApp app = app(tenant, queued, MONDAY);
    app.runner().run(tenant.subscriptions(), baseline, 2, Duration.ofSeconds(30), Duration.ZERO, line -> { });
    Set<String> once = findings(queued);
    int alerts = queued.alerts().list().size();

    SweepReport again = app.runner().run(tenant.subscriptions(), baseline, 2, Duration.ofSeconds(30), Duration.ZERO, line -> { });

    assertThat(findings(queued)).isEqualTo(once);
    assertThat(again.opened()).isZero();
    assertThat(queued.alerts().list()).hasSize(alerts);
  }

  @Test
  void aRunNotSweptByItsDeadlineIsClosedByTheNextStartAndJudgedOnWhatWasRead() throws Exception {
    SnapshotTenant tenant = SnapshotTenant.load(Resources.path("snapshots/recycled-app"));
    Stores stores = Stores.inMemory();
    MovableClock clock = new MovableClock(MONDAY);
    AuditorApp app = new AuditorApp(Tenant.of(tenant), stores, clock);
    SweepRunner.Started lost = app.runner().start(tenant.subscriptions(), Optional.empty(), Duration.ZERO, line -> { });
    stores.subscriptionQueue().delete(stores.subscriptionQueue().receive(Duration.ofMinutes(5)).orElseThrow());

    clock.set(MONDAY.plus(SweepRunner.DEADLINE).plusSeconds(60));
    List<String> lines = new java.util.ArrayList<>();
    app.runner().start(tenant.subscriptions(), Optional.empty(), Duration.ZERO, lines::add);
    String message = stores.finalStepQueue().receive(Duration.ofMinutes(5)).orElseThrow().text();
    app.finishRun(message, "m-1", line -> { });

    SweepRun closed = stores.sweepRuns().find(lost.run().runId()).orElseThrow();
    assertThat(lines).anySatisfy(l -> assertThat(l).contains(lost.run().runId()).contains("past its deadline"));
    assertThat(closed.subscriptions().values()).singleElement().satisfies(sub -> {
      assertThat(sub.state()).isEqualTo(SweepRun.State.FAILED);
      assertThat(sub.why()).contains("not swept within 6 hours").contains("sweep-subscriptions-poison");
    });
    assertThat(closed.finish()).hasValueSatisfying(f -> assertThat(f.state()).isEqualTo(SweepRun.State.INCOMPLETE));
    assertThat(stores.findings().list()).as("nothing raised from a subscription nobody read").isEmpty();
  }

  @Test
  void aFinalStepAskedForTwiceRunsOnceAndAlertsOnce() throws Exception {
    SnapshotTenant tenant = SnapshotTenant.load(Resources.path("snapshots/recycled-app"));
    Optional<Baseline> baseline = Optional.of(BaselineFile.read(Resources.path("snapshots/recycled-app/baseline.yaml")));
    Stores stores = Stores.inMemory();
    AuditorApp app = app(tenant, stores, MONDAY);
    SweepRunner.Started started = app.runner().start(tenant.subscriptions(), baseline, Duration.ZERO, line -> { });
    WorkQueue.Delivery work = stores.subscriptionQueue().receive(Duration.ofMinutes(5)).orElseThrow();
    app.sweepSubscription(work.text(), work.dequeueCount(), line -> { });
    stores.finalStepQueue().send(started.run().runId()); // a second last worker asked too

    WorkQueue.Delivery first = stores.finalStepQueue().receive(Duration.ofMinutes(5)).orElseThrow();
    WorkQueue.Delivery second = stores.finalStepQueue().receive(Duration.ofMinutes(5)).orElseThrow();
    assertThat(first.messageId()).isNotEqualTo(second.messageId());
    Optional<SweepReport> ran = app.finishRun(first.text(), first.messageId(), line -> { });
    List<String> lines = new java.util.ArrayList<>();
    Optional<SweepReport> again = app.finishRun(second.text(), second.messageId(), lines::add);

    assertThat(ran).isPresent();
    assertThat(again).isEmpty();
    assertThat(lines).singleElement().asString().contains("done already");
    assertThat(stores.alerts().list().stream().map(a -> a.kind() + " " + a.finding().fingerprint()))
        .doesNotHaveDuplicates().isNotEmpty();
  }

  @Test
  void aTableOutageWhileTheFinalStepReadsAheadFailsTheStepAndItsRedeliveryFinishesIt() throws Exception {
    SnapshotTenant tenant = SnapshotTenant.load(Resources.path("snapshots/management-groups"));
    Stores onePass = Stores.inMemory();
    app(tenant, onePass, MONDAY).sweep().run(tenant.subscriptions(), Optional.empty(), line -> { });
    Stores real = Stores.inMemory();
    java.util.concurrent.atomic.AtomicBoolean outage = new java.util.concurrent.atomic.AtomicBoolean();
    InventoryStore inventory = (InventoryStore)
        java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {InventoryStore.class}, (proxy, method, args) -> {
              if (method.getName().equals("assignmentsIn") && args[0].toString().startsWith("bbbbbbbb")
                  && outage.getAndSet(false)) {
                throw new StoreUnavailableException("Table Storage query on table"
                    + " 'assignments' failed: connection refused", null);
              }
              try {
                return method.invoke(real.inventory(), args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
    Stores stores = new Stores(real.changes(), real.findings(), inventory, real.poison(), real.alerts(),
        real.suppressions(), real.sweepRuns(), real.sweepStage(), real.subscriptionQueue(), real.finalStepQueue());
    AuditorApp app = app(tenant, stores, MONDAY);
    SweepRunner.Started started = app.runner().start(tenant.subscriptions(), Optional.empty(), Duration.ZERO,
        line -> { });
    for (int i = 0; i < tenant.subscriptions().size(); i++) {
      WorkQueue.Delivery work = stores.subscriptionQueue().receive(Duration.ofMinutes(5)).orElseThrow();
      app.sweepSubscription(work.text(), work.dequeueCount(), line -> { });
    }
    outage.set(true);
    WorkQueue.Delivery last = stores.finalStepQueue().receive(Duration.ofMinutes(5)).orElseThrow();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> app.finishRun(last.text(), last.messageId(),
        line -> { })).hasMessageContaining("connection refused");
    assertThat(stores.sweepRuns().find(started.run().runId()).orElseThrow().finish()).hasValueSatisfying(f -> {
      assertThat(f.state()).isEqualTo(SweepRun.State.FAILED);
      assertThat(f.why()).contains("connection refused");
    });

    assertThat(app.finishRun(last.text(), last.messageId(), line -> { })).as("the redelivery").isPresent();
    assertThat(findings(stores)).isEqualTo(findings(onePass));
  }

  @Test
  void aMessageForARunThatIsNoLongerRecordedIsDroppedSayingSo() {
    SnapshotTenant tenant = SnapshotTenant.load(Resources.path("snapshots/recycled-app"));
    Stores stores = Stores.inMemory();
    List<String> lines = new java.util.ArrayList<>();

    Optional<SweepReport> report = app(tenant, stores, MONDAY).sweepSubscription(
        "20260801T000000Z-0000abcd 11111111-2222-3333-4444-555555555555 2026-08-01T00:00:00Z", 1, lines::add);

    assertThat(report).isEmpty();
    assertThat(lines).singleElement().asString().contains("not recorded").contains("pruned");
    assertThat(stores.findings().list()).isEmpty();
  }

  @Test
  void aWorkerThatDiesIsSaidAndWhatItHeldIsSweptByAnotherOnceItsLeaseRunsOut() throws Exception {
    SnapshotTenant tenant = SnapshotTenant.load(Resources.path("snapshots/recycled-app"));
    Optional<Baseline> baseline = Optional.of(BaselineFile.read(Resources.path("snapshots/recycled-app/baseline.yaml")));
    Stores onePass = Stores.inMemory();
    app(tenant, onePass, MONDAY).sweep().run(tenant.subscriptions(), baseline, line -> { });
    Stores real = Stores.inMemory();
    java.util.concurrent.atomic.AtomicBoolean died = new java.util.concurrent.atomic.AtomicBoolean();
    Stores dying = new Stores(real.changes(), new FailingFindingStore(real.findings(),
        batch -> { }, batch -> {
          if (!batch.isEmpty() && !batch.get(0).subscriptionId().isEmpty() && died.compareAndSet(false, true)) {
            throw new OutOfMemoryError("Java heap space");
          }
        }), real.inventory(), real.poison(), real.alerts(), real.suppressions(), real.sweepRuns(), real.sweepStage(),
        real.subscriptionQueue(), real.finalStepQueue());

    SweepReport report = app(tenant, dying, MONDAY).runner().run(tenant.subscriptions(), baseline, 2,
        Duration.ofSeconds(1), Duration.ZERO, line -> { });

    assertThat(report.gaps()).anySatisfy(g -> assertThat(g).contains("a worker of this process died")
        .contains("Java heap space"));
    assertThat(report.run().finished()).isTrue();
    assertThat(findings(real)).isEqualTo(findings(onePass));
  }

  @Test
  void aBaselineOfThousandsOfObjectIdsIsCheckedInBatchesAndEachOneThatDoesNotExistIsNamed(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    SnapshotTenant tenant = SnapshotTenant.load(Resources.path("snapshots/recycled-app"));
    StringBuilder yaml = new StringBuilder("assignments:\n");
    for (int i = 0; i < 1_500; i++) {
      yaml.append("  - principal: ").append(String.format("0c0c0c0c-0000-4000-8000-%012d", i)).append("\n")
          .append("    role: Reader\n    scope: /subscriptions/11111111-2222-3333-4444-555555555555\n");
    }
    java.nio.file.Files.writeString(dir.resolve("baseline.yaml"), yaml);
    Baseline baseline = BaselineFile.read(dir.resolve("baseline.yaml"));
    Map<String, Integer> calls = new java.util.concurrent.ConcurrentHashMap<>();
    Directory counted = (Directory)
        java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Directory.class}, (proxy, method, args) -> {
              calls.merge(method.getName(), 1, Integer::sum);
              try {
                return method.invoke(tenant, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
    AuditorApp app = new AuditorApp(new Tenant(tenant, tenant, counted), Stores.inMemory(),
        Clock.fixed(MONDAY, ZoneOffset.UTC));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> app.runner().start(tenant.subscriptions(),
        Optional.of(baseline), Duration.ZERO, line -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing was swept")
        .hasMessageContaining("assignments[1499]: no principal with object id 0c0c0c0c-0000-4000-8000-000000001499");
    assertThat(calls.getOrDefault("principal", 0)).as("no call per declared id").isZero();
    assertThat(calls.get("principals")).isEqualTo(1);
  }

  @Test
  void aPrincipalGrantedInEverySubscriptionIsLookedUpOncePerRun() throws Exception {
    SnapshotTenant tenant = SnapshotTenant.load(Resources.path("snapshots/management-groups"));
    List<Set<String>> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    Directory counted = (Directory)
        java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Directory.class}, (proxy, method, args) -> {
              if (method.getName().equals("principals")) {
                asked.add(((java.util.Collection<?>) args[0]).stream().map(Object::toString)
                    .collect(Collectors.toSet()));
              }
              try {
                return method.invoke(tenant, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
    Stores stores = Stores.inMemory();
    Stores onePass = Stores.inMemory();
    AuditorApp app = new AuditorApp(new Tenant(tenant, tenant, counted), stores, Clock.fixed(MONDAY, ZoneOffset.UTC));
    new AuditorApp(Tenant.of(tenant), onePass, Clock.fixed(MONDAY, ZoneOffset.UTC)).sweep()
        .run(tenant.subscriptions(), Optional.empty(), line -> { });

    app.runner().run(tenant.subscriptions(), Optional.empty(), 1, Duration.ofSeconds(30), Duration.ZERO,
        line -> { });
    String inherited = "0a1b2c3d-1002-4000-8000-00000000b002";
    assertThat(tenant.subscriptions()).as("granted at the root, so seen by every worker").hasSizeGreaterThan(1);
    assertThat(asked.stream().filter(ids -> ids.contains(inherited))).as("asked once in the run").hasSize(1);
    assertThat(findings(stores)).isEqualTo(findings(onePass));

    int before = asked.size();
    app.runner().run(tenant.subscriptions(), Optional.empty(), 1, Duration.ofSeconds(30), Duration.ZERO,
        line -> { });
    assertThat(asked.subList(before, asked.size()).stream().filter(ids -> ids.contains(inherited)))
        .as("the next run asks afresh").hasSize(1);
  }

  private static List<Scope> managementGroupsOf(SnapshotTenant tenant) {
    return List.of(Scope.parse("/providers/Microsoft.Management/managementGroups/mg-corp"));
  }

  private static AuditorApp app(SnapshotTenant tenant, Stores stores, Instant at) {
    return new AuditorApp(Tenant.of(tenant), stores, Clock.fixed(at, ZoneOffset.UTC), List.of(), Optional.empty(),
        Alerting.of(List.of(new RecordingChannel("ops"))));
  }

  /** What a user sees of each finding: kind, status, where, title and detail. */
  static Set<String> findings(Stores stores) {
    return stores.findings().list().stream()
        .map(f -> f.kind() + " " + f.status().label() + " " + f.fingerprint() + " " + f.scope() + " " + f.title()
            + " | " + f.detail() + " | " + f.firstSeen() + " " + f.lastSeen() + " caused by " + f.causedBy())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static List<Finding> active(Stores stores) {
    return stores.findings().list().stream().filter(Finding::isActive).toList();
  }
}
