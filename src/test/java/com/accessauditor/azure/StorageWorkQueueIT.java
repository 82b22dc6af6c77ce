package com.accessauditor.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.memory.InMemoryWorkQueue;
import com.accessauditor.support.Azurite;
import com.accessauditor.sweep.SubscriptionWork;
import com.accessauditor.sweep.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The sweep's work queue as Azurite's Queue service keeps it, and the in-memory one held to the same rules. */
class StorageWorkQueueIT {
  private static final Instant PLANNED = Instant.parse("2026-12-01T21:00:00Z");
  private static final String RUN = "20261201T210000Z-0a1b2c3d";

  static Stream<WorkQueue> queues() {
    StorageWorkQueue azurite = StorageWorkQueue.withConnectionString(Azurite.connectionString());
    azurite.clear();
    return Stream.of(azurite, new InMemoryWorkQueue(Clock.systemUTC()));
  }

  private static SubscriptionWork work(int n) {
    return new SubscriptionWork(RUN, String.format("%08d-2222-3333-4444-555555555555", n), PLANNED);
  }

  @ParameterizedTest
  @MethodSource("queues")
  void aMessageWhoseWorkerDiedComesBackAfterItsLeaseWithItsDeliveryCounted(WorkQueue queue) throws Exception {
    queue.send(work(1).text());

    WorkQueue.Delivery first = queue.receive(Duration.ofSeconds(1)).orElseThrow();
    assertThat(queue.receive(Duration.ofSeconds(1))).as("hidden while leased").isEmpty();
    Thread.sleep(1500);
    WorkQueue.Delivery again = queue.receive(Duration.ofSeconds(30)).orElseThrow();

    assertThat(SubscriptionWork.parse(first.text())).isEqualTo(work(1));
    assertThat(again.text()).isEqualTo(first.text());
    assertThat(first.dequeueCount()).isEqualTo(1);
    assertThat(again.dequeueCount()).isEqualTo(2);
    queue.delete(first);
    assertThat(queue.receive(Duration.ofSeconds(1))).as("still leased to the second worker").isEmpty();
    queue.delete(again);
  }

  @ParameterizedTest
  @MethodSource("queues")
  void aHandledMessageIsGoneAndAGivenUpOneIsKeptInThePoisonQueue(WorkQueue queue) {
    queue.send(work(2).text());
    queue.send(work(3).text());

    queue.delete(queue.receive(Duration.ofSeconds(30)).orElseThrow());
    queue.poison(queue.receive(Duration.ofSeconds(30)).orElseThrow());

    assertThat(queue.receive(Duration.ofSeconds(1))).isEmpty();
    assertThat(queue.poisoned()).singleElement().satisfies(t -> assertThat(SubscriptionWork.parse(t)).isIn(work(2), work(3)));
  }
}
