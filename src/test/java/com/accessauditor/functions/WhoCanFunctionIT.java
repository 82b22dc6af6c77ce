package com.accessauditor.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.app.Alerting;
import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Stores;
import com.accessauditor.app.Tenant;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.Resources;
import com.accessauditor.support.TestExecutionContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** GET /api/who-can on the escalation snapshot: the answer `who-can` gives, to a signed-in reader only. */
class WhoCanFunctionIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROD = "/subscriptions/bbbbbbbb-2222-4000-8000-00000000000b";
  private final TestExecutionContext context = new TestExecutionContext();
  private final AuditorApp app = new AuditorApp(Tenant.of(SnapshotTenant.load(Resources.path("snapshots/escalation"))),
      Stores.inMemory(), Clock.systemUTC(), List.of(), Optional.empty(), Alerting.none());
  private final WhoCanFunction signedIn = new WhoCanFunction(() -> app,
      HttpAccess.from(Map.of("WEBSITE_AUTH_ENABLED", "True")));

  private static Map<String, String> as(String fixture) {
    return Map.of("X-MS-CLIENT-PRINCIPAL", Base64.getEncoder().encodeToString(Resources.text(fixture)
        .getBytes(StandardCharsets.UTF_8)));
  }

  private HttpResponseMessage get(Map<String, String> headers, Map<String, String> query) {
    return signedIn.run(HostedRequest.of(HttpMethod.GET, headers, query, null), context);
  }

  @Test
  void aSignedInReaderGetsEveryoneAllowedWithHowAndTheOthersLearnNothing() throws Exception {
    Map<String, String> question = Map.of("scope", PROD, "action", "Microsoft.Authorization/roleAssignments/write",
        "includePaths", "true");

    HttpResponseMessage anonymous = get(Map.of(), question);
    HttpResponseMessage noRole = get(as("auth/client-principal-no-role.json"), question);
    HttpResponseMessage reader = get(as("auth/client-principal-reader.json"), question);

    assertThat(anonymous.getStatus()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(noRole.getStatus()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat((String) anonymous.getBody() + noRole.getBody()).doesNotContain("func-deploy");
    assertThat(reader.getStatus()).isEqualTo(HttpStatus.OK);
    JsonNode body = JSON.readTree((String) reader.getBody());
    assertThat(body.path("complete").asBoolean()).isTrue();
    assertThat(body.path("principals")).extracting(p -> p.path("principalName").asText() + " " + p.path("how").asText())
        .contains("func-deploy direct", "Alice Dev identity", "web-devs identity");
    assertThat(context.lines()).anyMatch(l -> l.contains("who-can for carol@contoso.com"));
  }

  @Test
  void aMissingActionIsA400NamingItAndCsvIsServedOnRequest() {
    HttpResponseMessage bad = get(as("auth/client-principal-reader.json"), Map.of("scope", PROD));
    HttpResponseMessage csv = get(as("auth/client-principal-reader.json"), Map.of("scope", PROD, "action",
        "Microsoft.Authorization/roleAssignments/write", "format", "csv"));

    assertThat(bad.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) bad.getBody()).contains("give the action");
    assertThat(csv.getHeader("Content-Type")).startsWith("text/csv");
    assertThat((String) csv.getBody()).startsWith("principalId,principalName,principalType,how,conditional,via")
        .contains("func-deploy,managedIdentity,direct");
  }
}
