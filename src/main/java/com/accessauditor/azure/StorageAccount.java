package com.accessauditor.azure;

import com.accessauditor.alerts.AlertOutbox;
import com.accessauditor.alerts.SuppressionStore;
import com.accessauditor.sweep.SweepRunStore;
import com.accessauditor.sweep.SweepStage;
import com.accessauditor.sweep.WorkQueue;
import com.accessauditor.events.ChangeStore;
import com.accessauditor.events.PoisonStore;
import com.accessauditor.findings.FindingStore;
import com.accessauditor.inventory.InventoryStore;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import java.time.Duration;

/**
 * The auditor's tables and queues in one storage account: tables `changes`, `findings`, `assignments`, `identities`,
 * `poison`, `roles`, `sweeps`, `alerts`, `suppressions`, `sweepruns`, `sweepstage`, and the sweep's
 * two queues. In Azure the account is reached with the app's managed identity; a connection string is only
 * for Azurite.
 */
public final class StorageAccount {
  public static final String CHANGES = "changes";
  public static final String FINDINGS = "findings";
  public static final String ASSIGNMENTS = "assignments";
  public static final String IDENTITIES = "identities";
  public static final String POISON = "poison";
  public static final String ROLES = "roles";
  public static final String SWEEPS = "sweeps";
  public static final String ALERTS = "alerts";
  public static final String ALERTS_DUE = "alertsdue";
  public static final String SUPPRESSIONS = "suppressions";
  public static final String SWEEP_RUNS = "sweepruns";
  public static final String SWEEP_STAGE = "sweepstage";

  private final ChangeStore changes;
  private final FindingStore findings;
  private final InventoryStore inventory;
  private final PoisonStore poison;
  private final AlertOutbox alerts;
  private final SuppressionStore suppressions;
  private final SweepRunStore sweepRuns;
  private final SweepStage sweepStage;
  private final WorkQueue subscriptionQueue;
  private final WorkQueue finalStepQueue;

  private StorageAccount(TableServiceClient service, java.util.function.Function<String, WorkQueue> queues) {
    this.changes = new TableChangeStore(new Table(service, CHANGES));
    this.findings = new TableFindingStore(new Table(service, FINDINGS));
    this.inventory = new TableInventoryStore(new Table(service, ASSIGNMENTS), new Table(service, IDENTITIES),
        new Table(service, ROLES), new Table(service, SWEEPS));
    this.poison = new TablePoisonStore(new Table(service, POISON));
    this.alerts = new TableAlertOutbox(new Table(service, ALERTS), new Table(service, ALERTS_DUE));
    this.suppressions = new TableSuppressionStore(new Table(service, SUPPRESSIONS));
    this.sweepRuns = new TableSweepRunStore(new Table(service, SWEEP_RUNS));
    this.sweepStage = new TableSweepStage(new Table(service, SWEEP_STAGE));
    this.subscriptionQueue = queues.apply(WorkQueue.SUBSCRIPTIONS);
    this.finalStepQueue = queues.apply(WorkQueue.FINAL_STEPS);
  }

  /**
   * An account's table endpoint (https://{account}.table.core.windows.net) reached with a token credential;
   * its queues at the account's queue endpoint.
   */
  public static StorageAccount withCredential(String endpoint, TokenCredential credential) {
    return withCredential(endpoint, endpoint.replaceFirst("(?i)\\.table\\.", ".queue."), credential);
  }

  /** With the queue endpoint given ({@code AzureWebJobsStorage__queueServiceUri}). */
  public static StorageAccount withCredential(String endpoint, String queueEndpoint, TokenCredential credential) {
    return new StorageAccount(builder().endpoint(endpoint).credential(credential).buildClient(),
        name -> StorageWorkQueue.withCredential(queueEndpoint, credential, name));
  }

  /** Azurite (or another emulator) by connection string; never used for a real account. */
  public static StorageAccount withConnectionString(String connectionString) {
    return new StorageAccount(builder().connectionString(connectionString).buildClient(),
        name -> StorageWorkQueue.withConnectionString(connectionString, name));
  }

  private static TableServiceClientBuilder builder() {
    return new TableServiceClientBuilder()
        .httpClient(HttpClient.createDefault())
        .retryOptions(new RetryOptions(new ExponentialBackoffOptions()
            .setMaxRetries(3).setBaseDelay(Duration.ofMillis(200)).setMaxDelay(Duration.ofSeconds(4))));
  }

  public ChangeStore changes() {
    return changes;
  }

  public FindingStore findings() {
    return findings;
  }

  public InventoryStore inventory() {
    return inventory;
  }

  public PoisonStore poison() {
    return poison;
  }

  public AlertOutbox alerts() {
    return alerts;
  }

  public SuppressionStore suppressions() {
    return suppressions;
  }

  public SweepRunStore sweepRuns() {
    return sweepRuns;
  }

  public SweepStage sweepStage() {
    return sweepStage;
  }

  /** The sweep's queues: one message per subscription of a run, and one per run for its final step. */
  public WorkQueue subscriptionQueue() {
    return subscriptionQueue;
  }

  public WorkQueue finalStepQueue() {
    return finalStepQueue;
  }
}
