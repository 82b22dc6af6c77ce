package com.accessauditor.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.memory.InMemorySweepRunStore;
import com.accessauditor.memory.InMemoryWorkQueue;
import com.accessauditor.model.Scope;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.Resources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SweepPlannerTest {
  private static final Instant NOW = Instant.parse("2026-12-01T21:00:00Z");
  private static final Scope ROOT =
      Scope.parse("/providers/Microsoft.Management/managementGroups/72f988bf-86f1-41af-91ab-2d7cd011db47");
  private static final Scope PROD = Scope.parse("/providers/Microsoft.Management/managementGroups/mg-prod");
  private static final String PROD_SUB = "aaaaaaaa-1111-4000-8000-000000000001";
  private static final String SANDBOX_SUB = "bbbbbbbb-2222-4000-8000-000000000002";
  private final InMemorySweepRunStore runs = new InMemorySweepRunStore();

  @Test
  void aManagementGroupIsPlannedAsEverySubscriptionBelowItAtEveryLevelEachQueuedOnce() {
    SweepPlanner planner = new SweepPlanner(SnapshotTenant.load(Resources.path("snapshots/management-groups")), runs);
    InMemoryWorkQueue queue = new InMemoryWorkQueue(Clock.fixed(NOW, ZoneOffset.UTC));
    List<String> said = new ArrayList<>();

    SweepPlanner.Plan plan = planner.plan(List.of(ROOT, PROD, Scope.parse("/subscriptions/" + PROD_SUB)), NOW,
        said::add);
    planner.enqueue(plan, queue, java.time.Duration.ZERO);

    assertThat(plan.scopes()).extracting(Scope::value).containsExactly(ROOT.value(), PROD.value(),
        "/subscriptions/" + PROD_SUB, "/subscriptions/" + SANDBOX_SUB);
    assertThat(plan.problems()).isEmpty();
    assertThat(runs.find(plan.run().runId())).hasValueSatisfying(r -> {
      assertThat(r.subscriptions().keySet()).containsExactlyInAnyOrder(PROD_SUB, SANDBOX_SUB);
      assertThat(r.subscriptions().values()).allSatisfy(s -> assertThat(s.state()).isEqualTo(SweepRun.State.PLANNED));
    });
    List<SubscriptionWork> queued = new ArrayList<>();
    for (Optional<WorkQueue.Delivery> d = queue.receive(Duration.ofMinutes(5)); d.isPresent();
        d = queue.receive(Duration.ofMinutes(5))) {
      queued.add(SubscriptionWork.parse(d.get().text()));
    }
    assertThat(queued).extracting(SubscriptionWork::subscriptionId).containsExactlyInAnyOrder(PROD_SUB, SANDBOX_SUB);
    assertThat(queued).allSatisfy(w -> assertThat(w.runId()).isEqualTo(plan.run().runId()));
    assertThat(said).containsExactly("management group 72f988bf-86f1-41af-91ab-2d7cd011db47: 2 subscription(s) below it",
        "management group mg-prod: 1 subscription(s) below it");
  }

  @Test
  void whereTheHierarchyIsUnknownTheGroupIsPlannedAloneAndThePlanSaysWhy() {
    SweepPlanner planner = new SweepPlanner(SnapshotTenant.load(Resources.path("snapshots/recycled-app")), runs);

    SweepPlanner.Plan plan = planner.plan(List.of(PROD), NOW, line -> {});

    assertThat(plan.scopes()).containsExactly(PROD);
    assertThat(plan.run().subscriptions()).isEmpty();
    assertThat(plan.problems()).singleElement().satisfies(p -> assertThat(p)
        .contains("subscriptions below management group mg-prod could not be listed").contains("managementGroups.json"));
  }

  @Test
  void aWorkMessageIsOneCheckedLineAndAnythingElseIsRefusedByName() {
    SubscriptionWork work = new SubscriptionWork("20261201T210000Z-0a1b2c3d", PROD_SUB.toUpperCase(), NOW);

    assertThat(SubscriptionWork.parse(work.text())).isEqualTo(work);
    assertThat(work.subscriptionId()).isEqualTo(PROD_SUB);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SubscriptionWork.parse("20261201T210000Z-0a1b2c3d "
        + PROD_SUB + "' or 1 eq 1 " + NOW)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runId subscriptionId plannedAt");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SubscriptionWork.parse("x " + PROD_SUB + " " + NOW))
        .hasMessageContaining("not a sweep run id");
  }
}
