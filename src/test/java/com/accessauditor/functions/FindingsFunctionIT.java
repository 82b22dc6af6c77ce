package com.accessauditor.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Stores;
import com.accessauditor.app.Tenant;
import com.accessauditor.azure.StorageAccount;
import com.accessauditor.baseline.BaselineFile;
import com.accessauditor.cli.CliRunner;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.FindingStatus;
import com.accessauditor.findings.Severity;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.Azurite;
import com.accessauditor.support.Resources;
import com.accessauditor.support.TestExecutionContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The findings a security team asks for, over HTTP and on the command line, against Azurite. */
class FindingsFunctionIT {
  private static final String OTHER_SUB = "22222222-2222-3333-4444-555555555555";
  private final TestExecutionContext context = new TestExecutionContext();
  private StorageAccount tables;
  private FindingsFunction function;
  private FindingsFunction signedIn;

  @BeforeEach
  void sweptTenant() throws Exception {
    tables = Azurite.emptyAccount();
    SnapshotTenant tenant = SnapshotTenant.load(Resources.path("snapshots/recycled-app"));
    AuditorApp app = new AuditorApp(Tenant.of(tenant), Stores.of(tables), Clock.systemUTC());
    app.sweep().run(tenant.subscriptions(), Optional.of(BaselineFile.read(
        Resources.path("snapshots/recycled-app/baseline.yaml"))), line -> {});
    tables.findings().put(new Finding("0123456789abcdef0123456789abcdef", FindingKind.PRIVILEGED_GRANT,
        Severity.CRITICAL, FindingStatus.RESOLVED, OTHER_SUB, "/subscriptions/" + OTHER_SUB,
        "3c2d1e0f-1111-4a4a-9b9b-0a0b0c0d0e01", "User", "Jordan Ops", "Owner", "Owner granted to Jordan Ops",
        "d", "r", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"),
        Optional.of(Instant.parse("2026-01-03T00:00:00Z")), FindingDraft.Source.EVENT, List.of("e1")));
    function = new FindingsFunction(() -> app);
    signedIn = new FindingsFunction(() -> app, HttpAccess.from(Map.of("WEBSITE_AUTH_ENABLED", "True")));
    System.setProperty("AZURITE_CONNECTION_STRING", Azurite.connectionString());
  }

  @AfterEach
  void forget() {
    System.clearProperty("AZURITE_CONNECTION_STRING");
  }

  private HttpResponseMessage get(Map<String, String> query) {
    return function.run(HostedRequest.of(HttpMethod.GET, Map.of(), query, null), context);
  }

  @Test
  void openHighFindingsOfOneSubscriptionComeBackAsJsonWithTheSchemaFields() throws Exception {
    HttpResponseMessage response = get(Map.of("severity", "high", "status", "open",
        "subscription", "11111111-2222-3333-4444-555555555555"));

    assertThat(response.getStatus()).isEqualTo(HttpStatus.OK);
    JsonNode body = new ObjectMapper().readTree((String) response.getBody());
    assertThat(body.get("total").asInt()).isEqualTo(4);
    assertThat(body.get("items")).allSatisfy(f -> {
      assertThat(f.get("severity").asText()).isEqualTo("high");
      assertThat(f.get("remediation").asText()).isNotBlank();
    });
    assertThat(response.getHeader("X-Total-Count")).isEqualTo("4");
  }

  @Test
  void pagesSayWhetherMoreFollow() throws Exception {
    JsonNode first = new ObjectMapper().readTree((String) get(Map.of("pageSize", "5")).getBody());
    JsonNode second = new ObjectMapper().readTree((String) get(Map.of("pageSize", "5", "page", "2")).getBody());

    assertThat(first.get("total").asInt()).isEqualTo(8);
    assertThat(first.get("items")).hasSize(5);
    assertThat(first.get("nextPage").asInt()).isEqualTo(2);
    assertThat(second.get("items")).hasSize(3);
    assertThat(second.has("nextPage")).isFalse();
  }

  @Test
  void csvForOnePrincipalHasAHeaderAndItsRows() {
    HttpResponseMessage response = get(Map.of("principal", "0a1b2c3d-0001-4000-8000-00000000a001", "format", "csv"));

    String[] rows = ((String) response.getBody()).split("\r\n");
    assertThat(response.getHeader("Content-Type")).startsWith("text/csv");
    assertThat(rows[0]).startsWith("fingerprint,kind,severity");
    assertThat(rows).as("records end in CRLF; multi-line cells are quoted").hasSize(3);
    assertThat(rows[1]).contains(",ORPHANED_ASSIGNMENT,low,open,").contains("\"# Otherwise remove");
  }

  @Test
  void anInjectionAttemptIsA400NamingTheFilterAndReadsNothing() {
    HttpResponseMessage response = get(Map.of("kind", "ORPHANED_ASSIGNMENT' or PartitionKey ne '",
        "subscription", "x' or '1' eq '1"));

    assertThat(response.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) response.getBody()).contains("unknown kind").contains("subscription");
  }

  @Test
  void theCommandFiltersByKindAndSinceAndSaysWhenNothingMatches() {
    CliRunner cli = new CliRunner();
    assertThat(cli.run("findings", "--store", "azurite", "--kind", "ORPHANED_ASSIGNMENT", "--output", "json"))
        .isZero();
    assertThat(cli.out()).hasLineCount(3);

    CliRunner old = new CliRunner();
    assertThat(old.run("findings", "--store", "azurite", "--since", "2026-01-02", "--status", "resolved")).isZero();
    assertThat(old.out()).contains("Owner granted to Jordan Ops");

    CliRunner none = new CliRunner();
    assertThat(none.run("findings", "--store", "azurite", "--kind", "SHARED_IDENTITY")).isZero();
    assertThat(none.err()).contains("no findings match these filters");

    CliRunner bad = new CliRunner();
    assertThat(bad.run("findings", "--store", "azurite", "--principal", "' or 1 eq 1")).isEqualTo(2);
    assertThat(bad.err()).contains("must be an object id");
  }

  @Test
  void aSuppressionRuleRecordedOnTheCommandLineSilencesMatchingFindingsAtTheNextSweep() throws Exception {
    CliRunner suppress = new CliRunner();
    assertThat(suppress.run("suppress", "--store", "azurite", "--kind", "ORPHANED_ASSIGNMENT", "--expires", "7d",
        "--reason", "orphan clean-up scheduled for Friday", "--by", "sec@contoso.com")).isZero();
    assertThat(suppress.out()).contains("recorded until");

    SnapshotTenant tenant = SnapshotTenant.load(Resources.path("snapshots/recycled-app"));
    new AuditorApp(Tenant.of(tenant), Stores.of(tables), Clock.systemUTC()).sweep().run(tenant.subscriptions(),
        Optional.empty(), line -> {});

    CliRunner suppressed = new CliRunner();
    assertThat(suppressed.run("findings", "--store", "azurite", "--status", "suppressed", "--output", "json"))
        .isZero();
    assertThat(suppressed.out()).hasLineCount(3).contains("ORPHANED_ASSIGNMENT");
    CliRunner rules = new CliRunner();
    assertThat(rules.run("suppress", "--store", "azurite", "--list")).isZero();
    assertThat(rules.out()).contains("active").contains("orphan clean-up scheduled for Friday")
        .contains("sec@contoso.com");

    CliRunner forever = new CliRunner();
    assertThat(forever.run("suppress", "--store", "azurite", "--kind", "MISSED_EVENT", "--expires", "2099-01-01",
        "--reason", "noise")).isEqualTo(2);
    assertThat(forever.err()).contains("within a year");
  }

  @Test
  void anUnreachableTableExitsOneWithAClearMessage() {
    CliRunner cli = new CliRunner();
    System.setProperty("AZURITE_CONNECTION_STRING", Azurite.connectionString()
        .replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:9"));

    assertThat(cli.run("findings", "--store", "azurite")).isEqualTo(1);
    assertThat(cli.err()).contains("the findings table cannot be read");
  }

  @Test
  void aRowWithAKindThisVersionDoesNotKnowIsSkippedAndNamedWhileTheOthersAreServed() throws Exception {
    com.azure.data.tables.models.TableEntity row = new com.azure.data.tables.models.TableEntity(OTHER_SUB, "f".repeat(32))
        .addProperty("kind", "PRIVILEGED_ELIGIBILITY_V9").addProperty("severity", "high").addProperty("status", "open")
        .addProperty("title", "from a newer version");
    new com.azure.data.tables.TableClientBuilder().connectionString(Azurite.connectionString()).tableName("findings")
        .buildClient().upsertEntity(row);

    HttpResponseMessage response = get(Map.of());

    assertThat(response.getStatus()).isEqualTo(HttpStatus.OK);
    JsonNode body = new ObjectMapper().readTree((String) response.getBody());
    assertThat(body.get("total").asInt()).isEqualTo(8);
    assertThat(body.get("unreadable")).singleElement().satisfies(u -> assertThat(u.asText())
        .contains(OTHER_SUB + "/" + "f".repeat(32)).contains("kind 'PRIVILEGED_ELIGIBILITY_V9' is not one this version knows"));
    assertThat(response.getHeader("X-Unreadable-Count")).isEqualTo("1");

    CliRunner cli = new CliRunner();
    assertThat(cli.run("findings", "--store", "azurite")).isZero();
    assertThat(cli.out()).contains("Owner granted to Jordan Ops");
    assertThat(cli.err()).contains("warning: skipped findings row " + OTHER_SUB);
  }

  @Test
  void aFaultOnOurSideIsA500ThatBlamesNobodyAndTheCallerStillGets400ForABadFilter() {
    FindingsFunction broken = new FindingsFunction(() -> {
      throw new IllegalStateException("AUDITOR_SCOPES: not a scope");
    });

    HttpResponseMessage fault = broken.run(HostedRequest.of(HttpMethod.GET, Map.of(), Map.of(), null), context);
    HttpResponseMessage bad = broken.run(HostedRequest.of(HttpMethod.GET, Map.of(), Map.of("pageSize", "0"), null),
        context);

    assertThat(fault.getStatus()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    assertThat((String) fault.getBody()).contains("the function's log says why").doesNotContain("AUDITOR_SCOPES");
    assertThat(context.lines()).anyMatch(l -> l.contains("AUDITOR_SCOPES"));
    assertThat(bad.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  private static String clientPrincipal(String fixture) {
    return java.util.Base64.getEncoder().encodeToString(Resources.text(fixture).getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void withoutASignInOrWithoutTheReaderRoleNothingIsDisclosedAndWithTheRoleTheFindingsComeBack() throws Exception {
    HttpResponseMessage anonymous = signedIn.run(HostedRequest.of(HttpMethod.GET, Map.of(), Map.of(), null), context);
    HttpResponseMessage noRole = signedIn.run(HostedRequest.of(HttpMethod.GET,
        Map.of("X-MS-CLIENT-PRINCIPAL", clientPrincipal("auth/client-principal-no-role.json")), Map.of(), null), context);
    HttpResponseMessage reader = signedIn.run(HostedRequest.of(HttpMethod.GET,
        Map.of("x-ms-client-principal", clientPrincipal("auth/client-principal-reader.json")), Map.of(), null), context);

    assertThat(anonymous.getStatus()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat((String) anonymous.getBody()).contains("sign in").doesNotContain("Jordan").doesNotContain("Owner");
    assertThat(noRole.getStatus()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat((String) noRole.getBody()).contains("signed in as carol@contoso.com")
        .contains("does not hold the app role AccessAuditor.Reader").doesNotContain("Jordan");
    assertThat(reader.getStatus()).isEqualTo(HttpStatus.OK);
    assertThat(new ObjectMapper().readTree((String) reader.getBody()).get("total").asInt()).isEqualTo(8);
  }

  @Test
  void aForgedPrincipalHeaderIsNotEnoughWhereThePlatformsSignInIsOff() {
    FindingsFunction noPlatformSignIn = new FindingsFunction(() -> {
      throw new AssertionError("nothing may be read for this caller");
    }, HttpAccess.from(Map.of()));

    HttpResponseMessage forged = noPlatformSignIn.run(HostedRequest.of(HttpMethod.GET,
        Map.of("X-MS-CLIENT-PRINCIPAL", clientPrincipal("auth/client-principal-reader.json")), Map.of(), null), context);

    assertThat(forged.getStatus()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat((String) forged.getBody()).contains("App Service Authentication is not on for this app")
        .contains("AUDITOR_HTTP_SIGN_IN=keys");
  }

  @Test
  void aPrincipalHeaderThatIsNotBase64JsonIsRefusedAsASignInThatCannotBeRead() {
    HttpResponseMessage garbled = signedIn.run(HostedRequest.of(HttpMethod.GET,
        Map.of("X-MS-CLIENT-PRINCIPAL", "not base64 {"), Map.of(), null), context);

    assertThat(garbled.getStatus()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat((String) garbled.getBody()).contains("could not be read");
  }

  @Test
  void asDeployedWithoutThePlatformsSignInBothHttpFunctionsRefuseBeforeReadingAnything() {
    HttpResponseMessage findings = new FindingsFunction().run(HostedRequest.of(HttpMethod.GET,
        Map.of("X-MS-CLIENT-PRINCIPAL", clientPrincipal("auth/client-principal-reader.json")), Map.of(), null), context);
    HttpResponseMessage diagnose = new DiagnoseFunction().run(HostedRequest.of(HttpMethod.GET, Map.of(),
        Map.of("principal", "jordan@contoso.com"), null), context);

    assertThat(findings.getStatus()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(diagnose.getStatus()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat((String) diagnose.getBody()).contains("App Service Authentication is not on");
  }
}
