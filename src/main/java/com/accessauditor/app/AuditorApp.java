package com.accessauditor.app;

import com.accessauditor.azure.AzureEndpoints;
import com.accessauditor.azure.AzureTenant;
import com.accessauditor.azure.TableStorage;
import com.accessauditor.detect.Detectors;
import com.accessauditor.events.EventCaptureService;
import com.accessauditor.sweep.SweepService;
import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.time.Clock;
import java.util.Map;

/**
 * The composition root: plain constructor wiring, shared by the Functions classes and the command line,
 * so both run the same services.
 */
public final class AuditorApp {
  private final EventCaptureService capture;
  private final SweepService sweep;
  private final Stores stores;

  public AuditorApp(Tenant tenant, Stores stores, Clock clock) {
    this.stores = stores;
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
    return new AuditorApp(Tenant.of(tenant), Stores.of(tables), Clock.systemUTC());
  }

  public EventCaptureService capture() {
    return capture;
  }

  public SweepService sweep() {
    return sweep;
  }

  public Stores stores() {
    return stores;
  }
}
