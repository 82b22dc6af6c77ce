package com.accessauditor.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.app.Alerting;
import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Stores;
import com.accessauditor.app.Tenant;
import com.accessauditor.baseline.BaselineFile;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.Resources;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The findings table in a browser, served by `serve`'s host and driven in Debian's headless chromium: the
 * same filters as the command, sortable columns, ids short in the cells and whole in their tooltips.
 */
class FindingsPageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private LocalFunctionsHost host;

  @BeforeEach
  void start() throws Exception {
    SnapshotTenant tenant = SnapshotTenant.load(Resources.path("snapshots/recycled-app"));
    AuditorApp app = new AuditorApp(Tenant.of(tenant), Stores.inMemory(), Clock.systemUTC(), List.of(),
        Optional.empty(), Alerting.none(), Optional.empty());
    app.sweep().run(tenant.subscriptions(),
        Optional.of(BaselineFile.read(Resources.path("snapshots/recycled-app/baseline.yaml"))), line -> { });
    host = LocalFunctionsHost.start(0, () -> app);
  }

  @AfterEach
  void stop() {
    host.close();
  }

  @Test
  void anAnalystSortsTheFindingsByKindAndFiltersThemKeepingTheFilterAndTheKey() throws Exception {
    JsonNode seen = browse(host.url("/api/findings") + "&format=html", "RECYCLED_IDENTITY");

    List<String> kinds = texts(seen.path("kinds"));
    assertThat(seen.path("summary").asText()).as(seen.toString()).matches(kinds.size() + " finding\\(s\\) match\\.");
    assertThat(texts(seen.path("header"))).containsExactly("Severity", "Status", "Kind", "Principal", "Scope",
        "Title", "Last seen");
    assertThat(kinds).hasSizeGreaterThan(2).contains("RECYCLED_IDENTITY");
    assertThat(texts(seen.path("kindsSorted"))).isSorted();
    assertThat(texts(seen.path("kindsSortedBack"))).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(texts(seen.path("scopes"))).noneMatch(s -> s.startsWith("/subscriptions/"));
    assertThat(texts(seen.path("scopeTitles"))).allMatch(s -> s.startsWith("/subscriptions/") || s.startsWith("/"));
    assertThat(texts(seen.path("filteredKinds"))).isNotEmpty().allMatch("RECYCLED_IDENTITY"::equals);
    assertThat(seen.path("kindKept").asText()).isEqualTo("RECYCLED_IDENTITY");
    assertThat(seen.path("keyKept").asBoolean()).isTrue();
    assertThat(seen.path("consoleErrors")).as("nothing refused by the page's policy").isEmpty();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText().trim()));
    return out;
  }

  private static JsonNode browse(String url, String kind) throws Exception {
    Path script = Path.of("src/test/js/findings-page.mjs").toAbsolutePath();
    Process node = new ProcessBuilder("node", script.toString(), url, kind)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String printed = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(120, TimeUnit.SECONDS)).as("the browser run ends").isTrue();
    assertThat(node.exitValue()).as("node " + script.getFileName() + " printed: " + printed
        + " (needs Debian's chromium at /usr/bin/chromium: the build installs it, see scripts/ensure-chromium)")
        .isZero();
    return JSON.readTree(printed.lines().reduce((a, b) -> b).orElse("{}"));
  }
}
