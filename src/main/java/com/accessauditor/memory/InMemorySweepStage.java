package com.accessauditor.memory;

import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.sweep.DirectoryAnswers;
import com.accessauditor.sweep.StagedSubscription;
import com.accessauditor.sweep.SweepRun;
import com.accessauditor.sweep.SweepStage;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemorySweepStage implements SweepStage {
  private final Map<String, Map<String, StagedSubscription>> runs = new ConcurrentHashMap<>();

  private final Map<String, DirectoryAnswers> principals = new ConcurrentHashMap<>();

  @Override
  public void put(String runId, StagedSubscription subscription, DirectoryAnswers batch) {
    runs.computeIfAbsent(runId, k -> java.util.Collections.synchronizedMap(new TreeMap<>()))
        .put(subscription.subscriptionId(), subscription);
    principals.put(runId + " " + subscription.subscriptionId(), batch);
  }

  @Override
  public DirectoryAnswers principals(String runId, String subscriptionId) {
    return principals.getOrDefault(runId + " " + subscriptionId, new DirectoryAnswers(java.util.Set.of(),
        new PrincipalBatch(Map.of(), java.util.Set.of(), List.of())));
  }

  @Override
  public List<StagedSubscription> read(String runId) {
    Map<String, StagedSubscription> run = runs.getOrDefault(runId, Map.of());
    synchronized (run) {
      return List.copyOf(run.values());
    }
  }

  private final Map<String, Lookup<List<Principal>>> deleted = new ConcurrentHashMap<>();

  @Override
  public void putDeleted(String runId, Lookup<List<Principal>> read) {
    deleted.put(runId, read);
  }

  @Override
  public java.util.Optional<Lookup<List<Principal>>> deleted(String runId) {
    return java.util.Optional.ofNullable(deleted.get(runId));
  }

  @Override
  public void dropBefore(java.time.Instant before) {
    String older = SweepRun.newId(before).substring(0, 16);
    runs.keySet().stream().filter(id -> id.compareTo(older) < 0).toList().forEach(this::drop);
  }

  @Override
  public void drop(String runId) {
    deleted.remove(runId);
    runs.remove(runId);
    principals.keySet().removeIf(k -> k.startsWith(runId + " "));
  }
}
