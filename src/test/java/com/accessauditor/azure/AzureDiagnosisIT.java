package com.accessauditor.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.diagnose.AccessDiagnosis;
import com.accessauditor.diagnose.AccessQuestion;
import com.accessauditor.diagnose.Diagnosis;
import com.accessauditor.diagnose.Reason;
import com.accessauditor.diagnose.Verdict;
import com.accessauditor.support.LocalHttpsServer;
import com.accessauditor.support.LocalHttpsServer.Reply;
import com.accessauditor.support.Resources;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Diagnosis through the real ARM SDK client and Graph pipeline against a local HTTPS server. */
class AzureDiagnosisIT {
  private static final String SUB = "/subscriptions/11111111-2222-3333-4444-555555555555";
  private static final String RG = SUB + "/resourceGroups/rg-orders";
  private static final String STORAGE = RG + "/providers/Microsoft.Storage/storageAccounts/stordersdata";
  private static final String SITE = RG + "/providers/Microsoft.Web/sites/func-orders";
  private static final String NEW_IDENTITY = "0a1b2c3d-0002-4000-8000-00000000a002";
  private static final String MEMBER_GROUPS = "/v1.0/directoryObjects/" + NEW_IDENTITY + "/getMemberGroups";
  private static final String GET_BY_IDS = "/v1.0/directoryObjects/getByIds";
  private static final String BLOB_READ = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read";
  private static final String EMPTY = "{\"value\":[]}";
  private LocalHttpsServer server;
  private AccessDiagnosis diagnosis;

  @BeforeEach
  void start() throws Exception {
    server = new LocalHttpsServer();
    String snapshot = "snapshots/recycled-app/";
    String assignments = Resources.text(snapshot + "roleAssignments.json");
    for (String scope : new String[] {SUB, STORAGE}) {
      server.always("GET", scope + "/providers/Microsoft.Authorization/roleAssignments", Reply.json(200, assignments));
      server.always("GET", scope + "/providers/Microsoft.Authorization/roleDefinitions",
          Reply.json(200, Resources.text("arm/recycled-app/roleDefinitions.json")));
      server.always("GET", scope + "/providers/Microsoft.Authorization/denyAssignments", Reply.json(200, EMPTY));
    }
    server.always("GET", SITE, Reply.json(200, new ObjectMapper().readTree(Resources.text("arm/recycled-app/sites.json"))
        .path("value").get(0).toString()));
    server.always("POST", GET_BY_IDS, Reply.json(200, Resources.text(snapshot + "principals.json")));
    server.always("POST", MEMBER_GROUPS, Reply.json(200, EMPTY));
    server.always("GET", "/v1.0/directory/deletedItems/microsoft.graph.servicePrincipal",
        Reply.json(200, Resources.text(snapshot + "deletedPrincipals.json")));
    server.always("GET", "/v1.0/directory/deletedItems/microsoft.graph.user", Reply.json(200, EMPTY));
    server.always("GET", "/v1.0/directory/deletedItems/microsoft.graph.group", Reply.json(200, EMPTY));
    TokenCredential credential = request -> Mono.just(new AccessToken("test-token", OffsetDateTime.now().plusHours(1)));
    AzureTenant tenant = AzureTenant.connect(credential, new AzureEndpoints(server.url(), server.url()),
        server.clientTls(), Duration.ofSeconds(5));
    diagnosis = new AccessDiagnosis(tenant.authorization(), tenant.resources(), tenant.directory(), Optional.empty(),
        Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Diagnosis diagnose(String principal) {
    return diagnosis.diagnose(AccessQuestion.of(Optional.of(principal), Optional.of(STORAGE), Optional.of(BLOB_READ),
        Optional.empty()));
  }

  @Test
  void theRecycledAppIsDiagnosedFromArmAndGraphWithThrottledGroupLookupsRetried() {
    server.script("POST", MEMBER_GROUPS, new Reply(429, Map.of("Retry-After", "1", "Content-Type",
        "application/json"), "{\"error\":{\"code\":\"TooManyRequests\"}}"));

    Diagnosis d = diagnose(SITE);

    assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
    assertThat(d.principalId()).contains(NEW_IDENTITY);
    assertThat(d.reasons().get(0).kind()).isEqualTo(Reason.Kind.RECYCLED_IDENTITY);
    assertThat(d.commands()).anySatisfy(c -> assertThat(c).contains("--assignee-object-id " + NEW_IDENTITY)
        .contains("--role b7e6dc6d-f1e8-4753-8033-0f276bb0955b"));
    assertThat(server.count("POST", MEMBER_GROUPS)).as("transitive groups asked, once more after 429").isEqualTo(2);
  }

  @Test
  void aGraphOutageGivesUnknownAndNeverCallsThePrincipalDeleted() {
    server.always("POST", GET_BY_IDS, Reply.json(503, "{\"error\":{\"code\":\"ServiceUnavailable\"}}"));

    Diagnosis d = diagnose("0a1b2c3d-0001-4000-8000-00000000a001");

    assertThat(d.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(d.reasons()).extracting(Reason::kind).doesNotContain(Reason.Kind.PRINCIPAL_DELETED,
        Reason.Kind.PRINCIPAL_SOFT_DELETED, Reason.Kind.RECYCLED_IDENTITY);
    assertThat(d.reasons().get(0).text()).contains("could not be asked").contains("HTTP 503");
  }

  @Test
  void aDisplayNameIsSentToGraphAsOneEscapedStringLiteral() {
    server.always("GET", "/v1.0/users", Reply.json(200, EMPTY));
    server.always("GET", "/v1.0/groups", Reply.json(200, EMPTY));
    server.always("GET", "/v1.0/servicePrincipals", Reply.json(200, EMPTY));

    Diagnosis d = diagnose("O'Brien' or startswith(displayName,'a");

    assertThat(d.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(d.reasons().get(0).text()).contains("No user, group or service principal is named");
    assertThat(server.queries()).filteredOn(q -> q.startsWith("/v1.0/users?"))
        .containsExactly("/v1.0/users?$filter=displayName eq 'O''Brien'' or startswith(displayName,''a'");
  }

  /** ARM lists, for a scope, the grants of its management groups too; a Reader there applies here. */
  @Test
  void aGrantArmListsFromAManagementGroupAboveTheScopeAllowsTheRequest() throws Exception {
    ObjectMapper json = new ObjectMapper();
    var page = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
        Resources.text("snapshots/recycled-app/roleAssignments.json"));
    String mg = "/providers/Microsoft.Management/managementGroups/mg-corp";
    var row = ((com.fasterxml.jackson.databind.node.ArrayNode) page.path("value")).addObject()
        .put("id", mg + "/providers/Microsoft.Authorization/roleAssignments/7a000000-0000-4000-8000-0000000000d1")
        .put("name", "7a000000-0000-4000-8000-0000000000d1").put("type", "Microsoft.Authorization/roleAssignments");
    row.putObject("properties").put("scope", mg).put("principalId", "0a1b2c3d-0005-4000-8000-00000000a005")
        .put("principalType", "User")
        .put("roleDefinitionId", SUB + "/providers/Microsoft.Authorization/roleDefinitions/"
            + "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1");
    server.always("GET", STORAGE + "/providers/Microsoft.Authorization/roleAssignments",
        Reply.json(200, page.toString()));

    Diagnosis d = diagnose("0a1b2c3d-0005-4000-8000-00000000a005");

    assertThat(d.verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(d.reasons()).anySatisfy(r -> assertThat(r.text())
        .contains("inherited from management group mg-corp"));
    assertThat(d.commands()).isEmpty();
  }
}
