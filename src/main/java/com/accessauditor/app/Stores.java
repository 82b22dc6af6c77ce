package com.accessauditor.app;

import com.accessauditor.alerts.AlertOutbox;
import com.accessauditor.alerts.SuppressionStore;
import com.accessauditor.events.ChangeStore;
import com.accessauditor.events.PoisonStore;
import com.accessauditor.findings.FindingStore;
import com.accessauditor.inventory.InventoryStore;
import com.accessauditor.memory.InMemoryAlertOutbox;
import com.accessauditor.memory.InMemoryChangeStore;
import com.accessauditor.memory.InMemoryFindingStore;
import com.accessauditor.memory.InMemoryInventoryStore;
import com.accessauditor.memory.InMemoryPoisonStore;
import com.accessauditor.memory.InMemorySuppressionStore;
import com.accessauditor.memory.InMemorySweepRunStore;
import com.accessauditor.memory.InMemorySweepStage;
import com.accessauditor.memory.InMemoryWorkQueue;
import com.accessauditor.sweep.SweepRunStore;
import com.accessauditor.sweep.SweepStage;
import com.accessauditor.sweep.WorkQueue;
import java.time.Clock;
import com.accessauditor.azure.StorageAccount;

/** The stores and queues the app writes, from one place: memory, Azurite or an account's tables and queues. */
public record Stores(
    ChangeStore changes, FindingStore findings, InventoryStore inventory, PoisonStore poison, AlertOutbox alerts,
    SuppressionStore suppressions, SweepRunStore sweepRuns, SweepStage sweepStage, WorkQueue subscriptionQueue,
    WorkQueue finalStepQueue) {
  public static Stores inMemory() {
    return new Stores(
        new InMemoryChangeStore(), new InMemoryFindingStore(), new InMemoryInventoryStore(), new InMemoryPoisonStore(),
        new InMemoryAlertOutbox(), new InMemorySuppressionStore(), new InMemorySweepRunStore(),
        new InMemorySweepStage(), new InMemoryWorkQueue(WorkQueue.SUBSCRIPTIONS, Clock.systemUTC()),
        new InMemoryWorkQueue(WorkQueue.FINAL_STEPS, Clock.systemUTC()));
  }

  public static Stores of(StorageAccount tables) {
    return new Stores(tables.changes(), tables.findings(), tables.inventory(), tables.poison(), tables.alerts(),
        tables.suppressions(), tables.sweepRuns(), tables.sweepStage(), tables.subscriptionQueue(),
        tables.finalStepQueue());
  }
}
