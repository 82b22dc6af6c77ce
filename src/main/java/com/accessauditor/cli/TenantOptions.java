package com.accessauditor.cli;

import com.accessauditor.app.Settings;
import com.accessauditor.app.Stores;
import com.accessauditor.app.Tenant;
import com.accessauditor.azure.AzureEndpoints;
import com.accessauditor.azure.AzureTenant;
import com.accessauditor.azure.TableStorage;
import com.accessauditor.model.Scope;
import com.accessauditor.snapshot.SnapshotTenant;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** `--snapshot` and `--store`, shared by the commands that read a tenant and write findings. */
final class TenantOptions {
  @Option(names = "--snapshot", paramLabel = "DIR",
      description = "Answer tenant look-ups from a folder of exported JSON instead of live Azure.")
  Path snapshot;

  @Option(names = "--store", paramLabel = "memory|azurite|URL", defaultValue = "memory",
      description = "Where changes and findings go: memory (default), azurite (AZURITE_CONNECTION_STRING or"
          + " the emulator's default port), or a table service URL reached with DefaultAzureCredential.")
  String store;

  private SnapshotTenant loaded;

  /** The tenant, and problems with snapshot files (each naming its file). */
  Tenant tenant(List<String> problems) {
    if (snapshot != null) {
      loaded = SnapshotTenant.load(snapshot);
      problems.addAll(loaded.problems());
      return Tenant.of(loaded);
    }
    Map<String, String> env = System.getenv();
    return Tenant.of(AzureTenant.connect(new DefaultAzureCredentialBuilder().build(), new AzureEndpoints(
        env.getOrDefault(Settings.ARM_ENDPOINT, AzureEndpoints.PUBLIC_CLOUD.resourceManager()),
        env.getOrDefault(Settings.GRAPH_ENDPOINT, AzureEndpoints.PUBLIC_CLOUD.graph()))));
  }

  /** With --snapshot: the subscriptions it holds (call after {@link #tenant}). */
  List<Scope> snapshotScopes() {
    return loaded == null ? List.of() : loaded.subscriptions();
  }

  Stores stores() {
    return stores(store);
  }

  /** memory, azurite, or an https table service URL; for commands that only read or write the tables. */
  static Stores stores(String store) {
    return switch (store) {
      case "memory" -> Stores.inMemory();
      case "azurite" -> Stores.of(TableStorage.withConnectionString(
          System.getenv().getOrDefault("AZURITE_CONNECTION_STRING",
              System.getProperty("AZURITE_CONNECTION_STRING", "UseDevelopmentStorage=true"))));
      default -> {
        if (!store.startsWith("https://")) {
          throw new IllegalArgumentException(
              "--store must be memory, azurite or an https table service URL, got: " + store);
        }
        yield Stores.of(TableStorage.withCredential(store, new DefaultAzureCredentialBuilder().build()));
      }
    };
  }
}
