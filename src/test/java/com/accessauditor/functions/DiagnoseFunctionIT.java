package com.accessauditor.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Alerting;
import com.accessauditor.app.Stores;
import com.accessauditor.app.Tenant;
import com.accessauditor.azure.LogAnalyticsDenials;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.LocalHttpsServer;
import com.accessauditor.support.LocalHttpsServer.Reply;
import com.accessauditor.support.Resources;
import com.accessauditor.support.TestExecutionContext;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The diagnose function on the recycled-app snapshot, with recent 403s read through the real
 * azure-monitor-query client from a local HTTPS server that answers like the Log Analytics query API.
 */
class DiagnoseFunctionIT {
  private static final String WORKSPACE = "5b1f3e2a-0000-4000-8000-0000000000aa";
  private static final String QUERY_PATH = "/v1/workspaces/" + WORKSPACE + "/query";
  private static final String RG = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-orders";
  private static final String STORAGE = RG + "/providers/Microsoft.Storage/storageAccounts/stordersdata";
  private static final String APP = RG + "/providers/Microsoft.Web/sites/func-orders";
  private static final String NEW_IDENTITY = "0a1b2c3d-0002-4000-8000-00000000a002";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TestExecutionContext context = new TestExecutionContext();
  private final List<String> queries = new ArrayList<>();
  private LocalHttpsServer workspace;
  private DiagnoseFunction function;
  private DiagnoseFunction signedIn;

  @BeforeEach
  void start() throws Exception {
    workspace = new LocalHttpsServer();
    TokenCredential credential = request -> Mono.just(new AccessToken("test-token", OffsetDateTime.now().plusHours(1)));
    LogAnalyticsDenials denials = LogAnalyticsDenials.connect(WORKSPACE, workspace.url() + "v1", credential,
        workspace.clientTls());
    AuditorApp app = new AuditorApp(Tenant.of(SnapshotTenant.load(Resources.path("snapshots/diagnose"))),
        Stores.inMemory(), Clock.systemUTC(), List.of(), Optional.empty(), Alerting.none(), Optional.of(denials));
    function = new DiagnoseFunction(() -> app);
    signedIn = new DiagnoseFunction(() -> app, HttpAccess.from(Map.of("WEBSITE_AUTH_ENABLED", "True")));
  }

  @AfterEach
  void stop() {
    workspace.close();
  }

  private HttpResponseMessage post(String body) {
    return function.run(HostedRequest.of(HttpMethod.POST, Map.of("content-type", "application/json"), Map.of(),
        body), context);
  }

  private static String storage403() throws Exception {
    return JSON.readTree(Resources.text("samples/error_storage_AuthorizationPermissionMismatch_real.json"))
        .path("body_xml").asText();
  }

  private static String logRows(String... rows) {
    return "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[{\"name\":\"TimeGenerated\",\"type\":\"datetime\"},"
        + "{\"name\":\"Source\",\"type\":\"string\"},{\"name\":\"Operation\",\"type\":\"string\"},"
        + "{\"name\":\"Resource\",\"type\":\"string\"},{\"name\":\"Status\",\"type\":\"string\"}],\"rows\":["
        + String.join(",", rows) + "]}]}";
  }

  @Test
  void aPostedStorage403OfTheRecycledAppComesBackDeniedWithTheRecycleTheFixAndTheRecent403s() throws Exception {
    workspace.compute("POST", QUERY_PATH, body -> {
      queries.add(body);
      return Reply.json(200, logRows("[\"2026-11-23T08:30:00Z\",\"StorageBlobLogs\",\"GetBlob\","
          + "\"https://stordersdata.blob.core.windows.net/orders/o-1.json\",\"AuthorizationPermissionMismatch\"]"));
    });
    String request = JSON.createObjectNode().put("principal", APP).put("scope", STORAGE).put("error", storage403())
        .toString();

    HttpResponseMessage response = post(request);

    assertThat(response.getStatus()).isEqualTo(HttpStatus.OK);
    JsonNode body = JSON.readTree((String) response.getBody());
    assertThat(body.path("verdict").asText()).isEqualTo("DENIED");
    assertThat(body.path("principalId").asText()).isEqualTo(NEW_IDENTITY);
    assertThat(body.path("reasons").get(0).path("kind").asText()).isEqualTo("RECYCLED_IDENTITY");
    assertThat(body.path("commands").toString()).contains("--assignee-object-id " + NEW_IDENTITY);
    assertThat(body.path("reasons").toString()).contains("1 403(s) for this principal")
        .contains("GetBlob").contains("AuthorizationPermissionMismatch");
    assertThat(queries).singleElement().satisfies(q -> assertThat(q).contains("let principal = '" + NEW_IDENTITY
        + "'").contains("StorageBlobLogs").contains("AzureActivity").contains("MICROSOFT.KEYVAULT"));
  }

  @Test
  void anUnreachableWorkspaceStillGivesTheVerdictAndSaysTheLogsWereNotRead() throws Exception {
    workspace.always("POST", QUERY_PATH, Reply.json(503, "{\"error\":{\"code\":\"ServiceUnavailable\"}}"));

    JsonNode body = JSON.readTree((String) post(JSON.createObjectNode().put("principal", APP).put("scope", STORAGE)
        .put("error", storage403()).toString()).getBody());

    assertThat(body.path("verdict").asText()).isEqualTo("DENIED");
    assertThat(body.path("reasons").toString()).contains("workspace could not be read")
        .contains("Log Analytics HTTP 503").contains("does not depend on them");
  }

  @Test
  void aBrowserGetsAPageWithEveryValueEscaped() {
    workspace.always("POST", QUERY_PATH, Reply.json(200, logRows()));
    HttpResponseMessage page = function.run(HostedRequest.of(HttpMethod.GET, Map.of(), Map.of(
        "principal", "<script>alert(1)</script>", "scope", STORAGE,
        "action", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"), null), context);

    assertThat(page.getStatus()).isEqualTo(HttpStatus.OK);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat((String) page.getBody()).contains("UNKNOWN").contains("&lt;script&gt;alert(1)");
    assertOnlyItsOwnScript((String) page.getBody());
    assertThat(page.getHeader("Content-Security-Policy")).contains("script-src 'sha256-")
        .doesNotContain("unsafe-inline");
  }

  /** The page's one script is its own copy button's, which the policy allows by hash; nothing typed runs. */
  private static void assertOnlyItsOwnScript(String page) {
    assertThat(page.split("<script", -1)).as("one script element").hasSize(2);
    assertThat(page).contains("<script>document.querySelectorAll('button.copy')");
  }

  @Test
  void aBrowserWithoutParametersGetsTheFormAndBadInputIsA400NamingIt() throws Exception {
    HttpResponseMessage form = function.run(HostedRequest.of(HttpMethod.GET, Map.of(), Map.of(), null), context);
    assertThat((String) form.getBody()).contains("<form method=\"get\" id=\"ask\">");

    HttpResponseMessage bad = post("{\"principal\":\"" + APP + "\",\"error\":\"<Code>AuthorizationFailure</Code>\"}");
    assertThat(bad.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(JSON.readTree((String) bad.getBody()).path("error").asText()).contains("give the scope");
    assertThat(post("[1,2]").getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(post("not json").getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void theFunctionRequiresAFunctionKey() throws Exception {
    HttpTrigger trigger = DiagnoseFunction.class.getMethod("run", HttpRequestMessage.class,
        com.microsoft.azure.functions.ExecutionContext.class).getParameters()[0].getAnnotation(HttpTrigger.class);

    assertThat(trigger.authLevel()).isEqualTo(AuthorizationLevel.FUNCTION);
  }

  @Test
  void aFourKilobyteActionIsA400ThatNamesTheProblem() throws Exception {
    HttpResponseMessage response = post(JSON.createObjectNode().put("principal", APP).put("scope", STORAGE)
        .put("action", "a" + "/*".repeat(2048)).toString());

    assertThat(response.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(JSON.readTree((String) response.getBody()).path("error").asText())
        .contains("action is 4097 characters long");
  }

  @Test
  void theBrowserFormKeepsWhatWasTypedAndTheFunctionKeyWhenItIsSubmitted() {
    HttpResponseMessage response = function.run(HostedRequest.of(HttpMethod.GET, Map.of(), Map.of("principal", APP,
        "scope", STORAGE, "action", "Microsoft.Storage/*", "code", "k3y\"><script>"), null), context);

    String page = (String) response.getBody();
    assertThat(response.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(page).contains("value=\"" + APP + "\"").contains("value=\"Microsoft.Storage/*\"")
        .contains("<input type=\"hidden\" name=\"code\" value=\"k3y&quot;&gt;&lt;script&gt;\">");
    assertOnlyItsOwnScript(page);
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void aPersonWithoutTheReaderRoleLearnsNothingAndOneWithItGetsTheDiagnosis() throws Exception {
    workspace.always("POST", QUERY_PATH, Reply.json(200, logRows()));
    String question = JSON.createObjectNode().put("principal", APP).put("scope", STORAGE)
        .put("action", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read").toString();
    java.util.function.Function<String, Map<String, String>> as = fixture -> Map.of("content-type", "application/json",
        "X-MS-CLIENT-PRINCIPAL", java.util.Base64.getEncoder().encodeToString(Resources.text(fixture)
            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    HttpResponseMessage anonymous = signedIn.run(HostedRequest.of(HttpMethod.POST,
        Map.of("content-type", "application/json"), Map.of(), question), context);
    HttpResponseMessage noRole = signedIn.run(HostedRequest.of(HttpMethod.POST,
        as.apply("auth/client-principal-no-role.json"), Map.of(), question), context);
    long askedForRefused = workspace.count("POST", QUERY_PATH);
    HttpResponseMessage reader = signedIn.run(HostedRequest.of(HttpMethod.POST,
        as.apply("auth/client-principal-reader.json"), Map.of(), question), context);

    assertThat(anonymous.getStatus()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(noRole.getStatus()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat((String) anonymous.getBody() + noRole.getBody()).doesNotContain(NEW_IDENTITY).doesNotContain("func-orders");
    assertThat(askedForRefused).as("the workspace was not asked for a caller refused").isZero();
    assertThat(workspace.count("POST", QUERY_PATH)).as("it was for the reader").isEqualTo(1);
    assertThat(reader.getStatus()).isEqualTo(HttpStatus.OK);
    assertThat(JSON.readTree((String) reader.getBody()).path("principalId").asText()).isEqualTo(NEW_IDENTITY);
    assertThat(context.lines()).anyMatch(l -> l.contains("diagnose for carol@contoso.com"));
  }
}
