package com.accessauditor.support;

import com.accessauditor.local.AzuriteProcess;
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
}
