package com.accessauditor.azure;

import com.accessauditor.alerts.AlertOutbox;
import com.accessauditor.alerts.SuppressionStore;
import com.accessauditor.sweep.SweepRunStore;
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
 * The auditor's tables in one storage account: `changes`, `findings`, `assignments`, `identities`,
 * `poison`, `roles`, `sweeps`, `alerts`, `suppressions`. In Azure the account is reached with the app's managed identity; a connection string is only
 * for Azurite.
 */
public final class TableStorage {
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

  private final ChangeStore changes;
  private final FindingStore findings;
  private final InventoryStore inventory;
  private final PoisonStore poison;
  private final AlertOutbox alerts;
  private final SuppressionStore suppressions;
  private final SweepRunStore sweepRuns;

  private TableStorage(TableServiceClient service) {
    this.changes = new TableChangeStore(new Table(service, CHANGES));
    this.findings = new TableFindingStore(new Table(service, FINDINGS));
    this.inventory = new TableInventoryStore(new Table(service, ASSIGNMENTS), new Table(service, IDENTITIES),
        new Table(service, ROLES), new Table(service, SWEEPS));
    this.poison = new TablePoisonStore(new Table(service, POISON));
    this.alerts = new TableAlertOutbox(new Table(service, ALERTS), new Table(service, ALERTS_DUE));
    this.suppressions = new TableSuppressionStore(new Table(service, SUPPRESSIONS));
    this.sweepRuns = new TableSweepRunStore(new Table(service, SWEEP_RUNS));
  }

  /** An account endpoint (https://{account}.table.core.windows.net) reached with a token credential. */
  public static TableStorage withCredential(String endpoint, TokenCredential credential) {
    return new TableStorage(builder().endpoint(endpoint).credential(credential).buildClient());
  }

  /** Azurite (or another emulator) by connection string; never used for a real account. */
  public static TableStorage withConnectionString(String connectionString) {
    return new TableStorage(builder().connectionString(connectionString).buildClient());
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
}
