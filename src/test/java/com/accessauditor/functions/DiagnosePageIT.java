package com.accessauditor.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.app.Alerting;
import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Stores;
import com.accessauditor.app.Tenant;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.Resources;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The diagnose page as on-call uses it, served by `serve`'s host and driven in Debian's headless chromium
 * (playwright-core from the lockfile; the build installs chromium): paste the storage 403 of a recycled app,
 * submit, and read the verdict, the reasons and the commands, at 1,200 px and on a phone.
 */
class DiagnosePageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String APP = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-orders"
      + "/providers/Microsoft.Web/sites/func-orders";
  private static final String STORAGE = APP.replace("Microsoft.Web/sites/func-orders",
      "Microsoft.Storage/storageAccounts/stordersdata");
  private static final String NEW_IDENTITY = "0a1b2c3d-0002-4000-8000-00000000a002";
  private LocalFunctionsHost host;

  @BeforeEach
  void start() throws Exception {
    AuditorApp app = new AuditorApp(Tenant.of(SnapshotTenant.load(Resources.path("snapshots/diagnose"))),
        Stores.inMemory(), Clock.systemUTC(), List.of(), Optional.empty(), Alerting.none(), Optional.empty());
    host = LocalFunctionsHost.start(0, () -> app);
  }

  @AfterEach
  void stop() {
    host.close();
  }

  @Test
  void onCallPastesA403AndGetsTheVerdictInColourTheReasonsAndTheCommandsOnADesktopAndAPhone() throws Exception {
    String pasted = JSON.readTree(Resources.text("samples/error_storage_AuthorizationPermissionMismatch_real.json"))
        .path("body_xml").asText();

    JsonNode seen = browse(host.url("/api/diagnose"), pasted, APP, STORAGE);

    for (String screen : List.of("desktop", "phone")) {
      JsonNode page = seen.path(screen);
      assertThat(page.path("verdict").asText()).as(screen + ": " + page).startsWith("DENIED: func-orders");
      assertThat(page.path("verdictColour").asText()).as("red for denied").isEqualTo("rgb(207, 34, 46)");
      assertThat(page.path("reasons").get(0).asText()).as("the likeliest first").startsWith("recycled identity");
      assertThat(page.path("commands").toString()).contains("az role assignment create")
          .contains("--assignee-object-id " + NEW_IDENTITY);
      assertThat(page.path("errorKept").asText()).as("the form keeps what was pasted")
          .isEqualTo(pasted.replace("\r\n", "\n"));
      assertThat(page.path("principalKept").asText()).isEqualTo(APP);
      assertThat(page.path("keyKept").asBoolean()).as("and the key, for the next question").isTrue();
      assertThat(page.path("overflows").asBoolean()).as(screen + ": nothing wider than the screen").isFalse();
      assertThat(page.path("consoleErrors")).as("no script or style refused by the page's policy").isEmpty();
      assertThat(page.path("copyButton").asText()).isEqualTo("Copied");
    }
  }

  @Test
  void theHostAnswersNothingWithoutItsKey() throws Exception {
    HttpResponse<String> without = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + host.port() + "/api/diagnose?principal=x")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> wrong = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(host.url("/api/findings").replace(host.key(), "0".repeat(48)))).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(without.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(without.body()).contains("key").doesNotContain("func-orders");
  }

  @Test
  void aPostedQuestionIsAnsweredAsTheFunctionAnswersIt() throws Exception {
    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(host.url("/api/diagnose"))).POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode()
            .put("principal", APP).put("scope", STORAGE)
            .put("action", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read").toString()))
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(JSON.readTree(answer.body()).path("verdict").asText()).isEqualTo("DENIED");
  }

  /** What the page showed, as the browser script reports it. */
  private static JsonNode browse(String url, String pasted, String principal, String scope) throws Exception {
    Path script = Path.of("src/test/js/diagnose-page.mjs").toAbsolutePath();
    Process node = new ProcessBuilder("node", script.toString(), url, pasted, principal, scope)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out = node.getInputStream().readAllBytes();
    assertThat(node.waitFor(120, TimeUnit.SECONDS)).as("the browser run ends").isTrue();
    String printed = new String(out, StandardCharsets.UTF_8);
    assertThat(node.exitValue()).as("node " + script.getFileName() + " printed: " + printed
        + " (needs Debian's chromium at /usr/bin/chromium: the build installs it, see scripts/ensure-chromium)")
        .isZero();
    Files.createDirectories(Path.of("target"));
    return JSON.readTree(printed.lines().reduce((a, b) -> b).orElse("{}"));
  }
}
