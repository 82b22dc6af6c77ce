package com.accessauditor.cli;

import com.accessauditor.app.Settings;
import com.accessauditor.app.Tenant;
import com.accessauditor.azure.AzureEndpoints;
import com.accessauditor.azure.AzureTenant;
import com.accessauditor.model.Scope;
import com.accessauditor.snapshot.SnapshotTenant;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** `--snapshot`: where tenant look-ups are answered, shared by the commands that read a tenant. */
class TenantSource {
  @Option(names = "--snapshot", paramLabel = "DIR", converter = ExistingFolder.class,
      description = "Answer tenant look-ups from a folder of exported JSON instead of live Azure.")
  Path snapshot;

  /** A --snapshot that is not a folder is bad usage, said before anything runs. */
  static final class ExistingFolder implements picocli.CommandLine.ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      Path path = Path.of(value);
      if (!java.nio.file.Files.isDirectory(path)) {
        throw new picocli.CommandLine.TypeConversionException("snapshot folder " + com.accessauditor.model.Text.clip(
            value) + (java.nio.file.Files.exists(path) ? " is a file, not a folder" : " does not exist")
            + ": give the folder the export was saved in");
      }
      return path;
    }
  }

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
}
