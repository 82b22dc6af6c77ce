package com.accessauditor.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.support.Azurite;
import com.accessauditor.sweep.SweepRun;
import com.accessauditor.sweep.SweepRunStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableSweepRunStoreIT {
  private static final String SUB = "11111111-2222-3333-4444-555555555555";
  private final SweepRunStore runs = Azurite.emptyAccount().sweepRuns();

  private SweepRun planned(Instant at) {
    return new SweepRun(SweepRun.newId(at), at, List.of("/subscriptions/" + SUB),
        Map.of(SUB, new SweepRun.Subscription(SUB, SweepRun.State.PLANNED, at, "")));
  }

  @Test
  void aSubscriptionsRowSaysWhatItCameToAndARedeliveredMarkWritesTheSame() {
    SweepRun run = planned(Instant.parse("2026-12-01T21:00:00Z"));
    runs.plan(run);
    SweepRun.Subscription failed = new SweepRun.Subscription(SUB, SweepRun.State.FAILED,
        Instant.parse("2026-12-01T21:05:00Z"), "role assignments: HTTP 403 AuthorizationFailed");

    runs.mark(run.runId(), failed);
    runs.mark(run.runId(), failed);

    assertThat(runs.find(run.runId())).hasValueSatisfying(r -> {
      assertThat(r.subscription(SUB)).contains(failed);
      assertThat(r.complete()).isFalse();
      assertThat(r.scopes()).containsExactly("/subscriptions/" + SUB);
    });
  }

  @Test
  void runsOlderThanWhatIsKeptAreForgottenWithEveryRowAndTheRestStay() {
    Instant now = Instant.parse("2026-12-01T21:00:00Z");
    SweepRun old = planned(now.minus(Duration.ofDays(100)));
    SweepRun recent = planned(now.minus(Duration.ofDays(1)));
    runs.plan(old);
    runs.plan(recent);

    assertThat(runs.prune(now.minus(Duration.ofDays(90)))).isEqualTo(1);

    assertThat(runs.find(old.runId())).isEmpty();
    assertThat(runs.recent(10)).extracting(SweepRun::runId).containsExactly(recent.runId());
  }

  @Test
  void aFinalStepThatFailedIsRetriedByItsOwnMessagesRedeliveryAndByNoOtherMessage() {
    SweepRun run = planned(Instant.parse("2026-12-01T21:00:00Z"));
    runs.plan(run);
    Instant at = Instant.parse("2026-12-01T21:30:00Z");
    assertThat(runs.claimFinish(run.runId(), "message-1", at)).isTrue();
    runs.finished(run.runId(), new SweepRun.Finish(SweepRun.State.FAILED, at, "Table Storage query failed",
        "message-1"));

    assertThat(runs.claimFinish(run.runId(), "message-2", at)).as("another message").isFalse();
    assertThat(runs.claimFinish(run.runId(), "message-1", at.plusSeconds(30))).as("its redelivery").isTrue();
    assertThat(runs.find(run.runId()).orElseThrow().finish()).hasValueSatisfying(f ->
        assertThat(f.state()).as("running again").isEqualTo(SweepRun.State.PLANNED));
  }

  @Test
  void theFinalStepIsClaimedByOneMessageAndTakenUpAgainOnlyByItsRedelivery() {
    SweepRun run = planned(Instant.parse("2026-12-01T21:00:00Z"));
    runs.plan(run);
    Instant at = Instant.parse("2026-12-01T21:30:00Z");

    assertThat(runs.claimFinish(run.runId(), "message-1", at)).isTrue();
    assertThat(runs.claimFinish(run.runId(), "message-2", at)).as("the second message for the run").isFalse();
    assertThat(runs.claimFinish(run.runId(), "message-1", at)).as("message-1 redelivered").isTrue();
    runs.finished(run.runId(), new SweepRun.Finish(SweepRun.State.DONE, at, "", "message-1"));

    assertThat(runs.claimFinish(run.runId(), "message-1", at)).as("once finished, never again").isFalse();
    assertThat(runs.find(run.runId())).hasValueSatisfying(r -> {
      assertThat(r.finished()).isTrue();
      assertThat(r.finish()).hasValueSatisfying(f -> assertThat(f.messageId()).isEqualTo("message-1"));
    });
  }

  @Test
  void whatCouldNotBePlannedIsKeptWithTheRunForItsFinalStep() {
    Instant at = Instant.parse("2026-12-01T21:00:00Z");
    SweepRun run = new SweepRun(SweepRun.newId(at), at, List.of("/providers/Microsoft.Management/managementGroups/mg"),
        Map.of(), java.util.Optional.empty(), List.of("subscriptions below management group mg could not be listed",
            "second line"));
    runs.plan(run);

    assertThat(runs.find(run.runId())).hasValueSatisfying(r -> assertThat(r.problems()).containsExactly(
        "subscriptions below management group mg could not be listed", "second line"));
  }

  @Test
  void aWorkerReadsItsOwnRowAndWhetherAnyIsLeftWithoutReadingTheRun() {
    SweepRun run = planned(Instant.parse("2026-12-01T21:00:00Z"));
    runs.plan(run);
    assertThat(runs.anyPlanned(run.runId())).isTrue();
    assertThat(runs.subscription(run.runId(), SUB.toUpperCase())).hasValueSatisfying(s ->
        assertThat(s.state()).isEqualTo(SweepRun.State.PLANNED));

    runs.mark(run.runId(), new SweepRun.Subscription(SUB, SweepRun.State.DONE, Instant.parse("2026-12-01T21:05:00Z"), ""));

    assertThat(runs.anyPlanned(run.runId())).isFalse();
    assertThat(runs.finish(run.runId())).isEmpty();
    assertThat(runs.anyPlanned("20261201T000000Z-0000ffff")).as("a run not recorded").isFalse();
    assertThat(runs.subscription("20261201T000000Z-0000ffff", SUB)).isEmpty();
  }
}
