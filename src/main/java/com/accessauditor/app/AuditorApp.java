package com.accessauditor.app;

import com.accessauditor.azure.AzureEndpoints;
import com.accessauditor.azure.AzureTenant;
import com.accessauditor.azure.TableStorage;
import com.accessauditor.detect.Detectors;
import com.accessauditor.events.EventCaptureService;
import com.accessauditor.findings.FindingSearch;
import com.accessauditor.sweep.SweepService;
import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.accessauditor.baseline.Baseline;
import com.accessauditor.baseline.BaselineException;
import com.accessauditor.baseline.BaselineFile;
import com.accessauditor.model.Scope;
import com.accessauditor.sweep.SweepReport;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.Map;

/**
 * The composition root: plain constructor wiring, shared by the Functions classes and the command line,
 * so both run the same services.
 */
public final class AuditorApp {
  private final EventCaptureService capture;
  private final SweepService sweep;
  private final Stores stores;
  private final List<Scope> sweepScopes;
  private final Optional<Path> baselineFile;

  public AuditorApp(Tenant tenant, Stores stores, Clock clock) {
    this(tenant, stores, clock, List.of(), Optional.empty());
  }

  /** With what the scheduled sweep covers: scopes, and a baseline file read at each sweep. */
  public AuditorApp(Tenant tenant, Stores stores, Clock clock, List<Scope> sweepScopes, Optional<Path> baselineFile) {
    this.stores = stores;
    this.sweepScopes = List.copyOf(sweepScopes);
    this.baselineFile = baselineFile;
    this.sweep = new SweepService(tenant.authorization(), tenant.resources(), tenant.directory(), stores.inventory(),
        stores.findings(), clock, Detectors.SWEEP);
    this.capture =
        new EventCaptureService(
            tenant.authorization(), tenant.resources(), tenant.directory(), stores.inventory(), stores.changes(),
            stores.findings(), stores.poison(), clock);
  }

  /** The app in Azure: everything through the managed identity (DefaultAzureCredential). */
  public static AuditorApp fromSettings(Map<String, String> env) {
    Settings settings = Settings.from(env);
    TokenCredential credential = new DefaultAzureCredentialBuilder().build();
    TableStorage tables;
    if (settings.developmentStorage() && settings.tableServiceUri().isEmpty()) {
      tables = TableStorage.withConnectionString(Settings.DEVELOPMENT_STORAGE);
    } else {
      TokenCredential storageCredential = settings.storageClientId()
          .<TokenCredential>map(id -> new DefaultAzureCredentialBuilder().managedIdentityClientId(id).build())
          .orElse(credential);
      tables = TableStorage.withCredential(settings.tableServiceUri().orElseThrow(), storageCredential);
    }
    AzureTenant tenant =
        AzureTenant.connect(credential, new AzureEndpoints(settings.armEndpoint(), settings.graphEndpoint()));
    return new AuditorApp(Tenant.of(tenant), Stores.of(tables), Clock.systemUTC(), settings.sweepScopes(),
        settings.baseline());
  }

  /**
   * The timer's sweep over the configured scopes. The baseline is re-read each time, so a deployed change
   * takes effect at the next sweep; an unusable one stops the sweep with a message naming what is wrong.
   */
  public SweepReport scheduledSweep(Consumer<String> progress) throws BaselineException {
    if (sweepScopes.isEmpty()) {
      throw new IllegalStateException("Nothing to sweep: set " + Settings.SCOPES
          + " to the subscription ids (or scope ids) to audit, comma-separated.");
    }
    Optional<Baseline> baseline = Optional.empty();
    if (baselineFile.isPresent()) {
      baseline = Optional.of(BaselineFile.read(baselineFile.get()));
    }
    return sweep.run(sweepScopes, baseline, progress);
  }

  public EventCaptureService capture() {
    return capture;
  }

  public FindingSearch findings() {
    return new FindingSearch(stores.findings());
  }

  public SweepService sweep() {
    return sweep;
  }

  public Stores stores() {
    return stores;
  }
}
