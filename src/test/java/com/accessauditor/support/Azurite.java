package com.accessauditor.support;

import com.accessauditor.azure.StorageAccount;
import com.accessauditor.local.AzuriteProcess;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** One Azurite per test JVM, started from the project's node_modules on a free port. */
public final class Azurite {
  private static AzuriteProcess process;

  private Azurite() {}

  public static synchronized String connectionString() {
    if (process == null) {
      try {
        process = AzuriteProcess.start(Path.of(System.getProperty("project.basedir", ".")));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return process.connectionString();
  }

  /** The auditor's tables on a fresh account: every table is dropped first, so each test starts empty. */
  public static StorageAccount emptyAccount() {
    TableServiceClient service = new TableServiceClientBuilder().connectionString(connectionString()).buildClient();
    service.listTables().forEach(t -> service.deleteTable(t.getName()));
    for (String queue : java.util.List.of(com.accessauditor.sweep.WorkQueue.SUBSCRIPTIONS,
        com.accessauditor.sweep.WorkQueue.FINAL_STEPS)) {
      com.accessauditor.azure.StorageWorkQueue.withConnectionString(connectionString(), queue).clear();
    }
    return StorageAccount.withConnectionString(connectionString());
  }
}
