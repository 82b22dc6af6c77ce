package com.accessauditor.cli;

import com.accessauditor.app.Stores;
import com.accessauditor.azure.StorageAccount;
import com.azure.identity.DefaultAzureCredentialBuilder;
import picocli.CommandLine.Option;

/** `--snapshot` and `--store`, shared by the commands that read a tenant and write findings. */
class TenantOptions extends TenantSource {
  @Option(names = "--store", paramLabel = "memory|azurite|URL", defaultValue = "memory",
      description = "Where changes and findings go: memory (default), azurite (AZURITE_CONNECTION_STRING or"
          + " the emulator's default port), or a table service URL reached with DefaultAzureCredential.")
  String store;
  Stores stores() {
    return stores(store);
  }

  /** memory, azurite, or an https table service URL; for commands that only read or write the tables. */
  static Stores stores(String store) {
    return switch (store) {
      case "memory" -> Stores.inMemory();
      case "azurite" -> Stores.of(StorageAccount.withConnectionString(
          System.getenv().getOrDefault("AZURITE_CONNECTION_STRING",
              System.getProperty("AZURITE_CONNECTION_STRING", "UseDevelopmentStorage=true"))));
      default -> {
        if (!store.startsWith("https://")) {
          throw new IllegalArgumentException(
              "--store must be memory, azurite or an https table service URL, got: " + store);
        }
        yield Stores.of(StorageAccount.withCredential(store, new DefaultAzureCredentialBuilder().build()));
      }
    };
  }
}
