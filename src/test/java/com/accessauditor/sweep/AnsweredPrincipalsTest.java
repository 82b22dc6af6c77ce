package com.accessauditor.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AnsweredPrincipalsTest {
  private static final PrincipalId GROUP = PrincipalId.parse("0a1b2c3d-1001-4000-8000-00000000b001");
  private static final PrincipalId GONE = PrincipalId.parse("0a1b2c3d-1002-4000-8000-00000000b002");
  private static final PrincipalId APP = PrincipalId.parse("0a1b2c3d-1003-4000-8000-00000000b003");

  /** The directory: GROUP and APP exist, GONE does not; the first call leaves APP unanswered when told to. */
  private static final class ScriptedDirectory {
    final List<Set<PrincipalId>> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile boolean failAppOnce;
    /** When set, the first call waits for it, so a second worker can come in meanwhile. */
    volatile java.util.concurrent.CountDownLatch holdFirstCall;

    Directory directory() {
      return (Directory) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {Directory.class}, (proxy, method, args) -> {
            if (!method.getName().equals("principals")) {
              throw new UnsupportedOperationException(method.getName());
            }
            @SuppressWarnings("unchecked")
            Set<PrincipalId> ids = Set.copyOf((java.util.Collection<PrincipalId>) args[0]);
            asked.add(ids);
            boolean fail = failAppOnce && ids.contains(APP);
            failAppOnce = false;
            java.util.concurrent.CountDownLatch hold = holdFirstCall;
            if (hold != null && asked.size() == 1) {
              hold.await();
            }
            Map<PrincipalId, Principal> found = ids.stream().filter(id -> !id.equals(GONE))
                .filter(id -> !(fail && id.equals(APP)))
                .collect(Collectors.toMap(id -> id, id -> new Principal(id, "group", "name of " + id,
                    Optional.empty(), Optional.empty(), Optional.empty(), List.of())));
            return new PrincipalBatch(found, fail ? Set.of(APP) : Set.of(),
                fail ? List.of("getByIds: HTTP 503") : List.of());
          });
    }
  }

  @Test
  void aPrincipalAnsweredForOneSubscriptionIsNotAskedAgainInTheSameRun() {
    ScriptedDirectory graph = new ScriptedDirectory();
    AnsweredPrincipals answered = new AnsweredPrincipals();

    answered.lookUp("run-1", Set.of(GROUP, GONE), graph.directory());
    PrincipalBatch second = answered.lookUp("run-1", Set.of(GROUP, GONE, APP), graph.directory());

    assertThat(graph.asked).containsExactly(Set.of(GROUP, GONE), Set.of(APP));
    assertThat(second.lookup(GROUP)).isInstanceOf(Lookup.Found.class);
    assertThat(second.lookup(GONE)).as("not in the directory, as answered the first time")
        .isInstanceOf(Lookup.NotFound.class);
    assertThat(second.lookup(APP)).isInstanceOf(Lookup.Found.class);
    assertThat(second.complete()).isTrue();
  }

  @Test
  void aPrincipalTheDirectoryCouldNotBeAskedAboutIsAskedAgainAndNeverTakenForDeleted() {
    ScriptedDirectory graph = new ScriptedDirectory();
    graph.failAppOnce = true;
    AnsweredPrincipals answered = new AnsweredPrincipals();

    PrincipalBatch first = answered.lookUp("run-1", Set.of(GROUP, APP), graph.directory());
    PrincipalBatch second = answered.lookUp("run-1", Set.of(GROUP, APP), graph.directory());

    assertThat(first.lookup(APP)).isInstanceOf(Lookup.Failed.class);
    assertThat(first.failures()).containsExactly("getByIds: HTTP 503");
    assertThat(graph.asked).containsExactly(Set.of(GROUP, APP), Set.of(APP));
    assertThat(second.lookup(APP)).isInstanceOf(Lookup.Found.class);
  }

  @Test
  void anotherRunAsksTheDirectoryAfresh() {
    ScriptedDirectory graph = new ScriptedDirectory();
    AnsweredPrincipals answered = new AnsweredPrincipals();

    answered.lookUp("run-1", Set.of(GROUP), graph.directory());
    answered.lookUp("run-2", Set.of(GROUP), graph.directory());

    assertThat(graph.asked).containsExactly(Set.of(GROUP), Set.of(GROUP));
  }

  @Test
  @org.junit.jupiter.api.Timeout(20)
  void aWorkerNeedingAPrincipalAnotherIsAskingAboutWaitsForThatAnswerInsteadOfAskingToo() throws Exception {
    ScriptedDirectory graph = new ScriptedDirectory();
    graph.holdFirstCall = new java.util.concurrent.CountDownLatch(1);
    AnsweredPrincipals answered = new AnsweredPrincipals();
    List<PrincipalBatch> got = twoWorkersAtOnce(graph, answered, Set.of(GROUP, GONE), Set.of(GROUP, APP));
    PrincipalBatch first = got.get(0);
    PrincipalBatch second = got.get(1);

    assertThat(second.lookup(GROUP)).isInstanceOf(Lookup.Found.class);
    assertThat(first.lookup(GONE)).isInstanceOf(Lookup.NotFound.class);
    assertThat(graph.asked).containsExactly(Set.of(GROUP, GONE), Set.of(APP));
  }

  @Test
  @org.junit.jupiter.api.Timeout(20)
  void whenTheOtherWorkersCallFailsTheWaitingWorkerAsksItself() throws Exception {
    ScriptedDirectory graph = new ScriptedDirectory();
    graph.failAppOnce = true;
    graph.holdFirstCall = new java.util.concurrent.CountDownLatch(1);
    AnsweredPrincipals answered = new AnsweredPrincipals();
    List<PrincipalBatch> got = twoWorkersAtOnce(graph, answered, Set.of(APP), Set.of(APP, GROUP));

    assertThat(got.get(0).lookup(APP)).isInstanceOf(Lookup.Failed.class);
    assertThat(got.get(1).lookup(APP)).as("asked again, and found").isInstanceOf(Lookup.Found.class);
    assertThat(got.get(1).complete()).isTrue();
    assertThat(graph.asked).containsExactly(Set.of(APP), Set.of(GROUP), Set.of(APP));
  }

  /** The first worker's call is held until the second worker has made its own call. */
  private static List<PrincipalBatch> twoWorkersAtOnce(ScriptedDirectory graph, AnsweredPrincipals answered,
      Set<PrincipalId> first, Set<PrincipalId> second) throws Exception {
    java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.Future<PrincipalBatch> one = workers.submit(
          () -> answered.lookUp("run-1", first, graph.directory()));
      while (graph.asked.isEmpty()) {
        Thread.sleep(5);
      }
      java.util.concurrent.Future<PrincipalBatch> two = workers.submit(
          () -> answered.lookUp("run-1", second, graph.directory()));
      while (graph.asked.size() < 2) {
        Thread.sleep(5);
      }
      graph.holdFirstCall.countDown();
      return List.of(one.get(), two.get());
    } finally {
      workers.shutdownNow();
    }
  }
}
