package com.accessauditor.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.accessauditor.app.Alerting;
import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Settings;
import com.accessauditor.app.Stores;
import com.accessauditor.app.Tenant;
import com.accessauditor.azure.AzureEndpoints;
import com.accessauditor.azure.AzureTenant;
import com.accessauditor.azure.StorageAccount;
import com.accessauditor.baseline.BaselineFile;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.FindingStatus;
import com.accessauditor.findings.FindingStore;
import com.accessauditor.findings.Severity;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.model.Scope;
import com.accessauditor.model.StoreUnavailableException;
import com.accessauditor.support.Azurite;
import com.accessauditor.support.FailingFindingStore;
import com.accessauditor.support.LocalHttpsServer;
import com.accessauditor.support.LocalHttpsServer.Reply;
import com.accessauditor.support.QueueHost;
import com.accessauditor.support.RecordingChannel;
import com.accessauditor.support.Resources;
import com.accessauditor.support.TestExecutionContext;
import com.accessauditor.sweep.SweepReport;
import com.accessauditor.sweep.SweepRun;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The timer sweep end to end: the real ARM authorization SDK client and azure-core pipelines against a local
 * HTTPS server serving the documented list shapes, Graph throttling and outage, and Azurite as Table Storage.
 */
class SweepFunctionIT {
  private static final String SUB = "/subscriptions/11111111-2222-3333-4444-555555555555";
  private static final String BROKEN_SUB = "/subscriptions/22222222-2222-3333-4444-555555555555";
  private static final String SITE = SUB + "/resourceGroups/rg-orders/providers/Microsoft.Web/sites/func-orders";
  private static final String GET_BY_IDS = "/v1.0/directoryObjects/getByIds";
  private static final String EMPTY = "{\"value\":[]}";
  private static final String RESOURCE_GRAPH = "/providers/Microsoft.ResourceGraph/resources";

  private LocalHttpsServer server;
  private StorageAccount tables;
  private final TestExecutionContext context = new TestExecutionContext();

  @BeforeEach
  void start() throws Exception {
    server = new LocalHttpsServer();
    String snapshot = "snapshots/recycled-app/";
    String rest = "arm/recycled-app/";
    server.always("GET", SUB + "/providers/Microsoft.Authorization/roleAssignments",
        Reply.json(200, Resources.text(snapshot + "roleAssignments.json")));
    server.always("GET", SUB + "/providers/Microsoft.Authorization/roleDefinitions",
        Reply.json(200, Resources.text(rest + "roleDefinitions.json")));
    server.always("GET", SUB + "/providers/Microsoft.Authorization/denyAssignments", Reply.json(200, EMPTY));
    server.always("GET", SUB + "/providers/Microsoft.Web/sites", Reply.json(200, Resources.text(rest + "sites.json")));
    server.always("POST", SITE + "/config/appsettings/list", Reply.json(200, Resources.text(rest + "appSettings.json")));
    server.always("GET", SUB + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities", Reply.json(200, EMPTY));
    servePimWithNothingEligible(SUB);
    server.always("GET", "/v1.0/directory/deletedItems/microsoft.graph.servicePrincipal",
        Reply.json(200, Resources.text(snapshot + "deletedPrincipals.json")));
    server.always("GET", "/v1.0/directory/deletedItems/microsoft.graph.user", Reply.json(200, EMPTY));
    server.always("GET", "/v1.0/directory/deletedItems/microsoft.graph.group", Reply.json(200, EMPTY));
    server.always("POST", GET_BY_IDS, Reply.json(200, Resources.text(snapshot + "principals.json")));
    tables = Azurite.emptyAccount();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Tenant tenant() {
    TokenCredential credential = request -> Mono.just(new AccessToken("test-token", OffsetDateTime.now().plusHours(1)));
    return Tenant.of(AzureTenant.connect(credential, new AzureEndpoints(server.url(), server.url()),
        server.clientTls(), Duration.ofSeconds(5)));
  }

  private AuditorApp app(List<String> scopes) {
    return new AuditorApp(tenant(), Stores.of(tables), Clock.systemUTC(),
        scopes.stream().map(Scope::parse).toList(), Optional.of(Resources.path("snapshots/recycled-app/baseline.yaml")));
  }

  /** The timer, then the host feeding the two queue triggers until both queues are empty. */
  private Hosted function(List<String> scopes) {
    return new Hosted(app(scopes));
  }

  private record Hosted(AuditorApp app) {
    void run(String timerInfo, TestExecutionContext context) {
      new SweepFunction(() -> app).run(timerInfo, context);
      host(app).drain(context);
    }
  }

  static QueueHost host(AuditorApp app) {
    SweepSubscriptionFunction worker = new SweepSubscriptionFunction(() -> app);
    SweepFinalStepFunction last = new SweepFinalStepFunction(() -> app);
    return new QueueHost()
        .on(app.stores().subscriptionQueue(), (m, id, n, c) -> worker.run(m, Long.toString(n), c))
        .on(app.stores().finalStepQueue(), (m, id, n, c) -> last.run(m, id, c));
  }

  @Test
  void throttledGraphIsRetriedAndTheRecycleLandsInTableStorageWhileABrokenSubscriptionIsReported() {
    server.script("POST", GET_BY_IDS, new Reply(429, Map.of("Retry-After", "1", "Content-Type", "application/json"),
        "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Too many requests\"}}"));
    server.always("GET", BROKEN_SUB + "/providers/Microsoft.Authorization/roleAssignments",
        Reply.json(403, "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"The client does not have"
            + " authorization to perform action 'Microsoft.Authorization/roleAssignments/read'\"}}"));

    function(List.of(BROKEN_SUB, SUB)).run("{\"IsPastDue\":false}", context);

    assertThat(server.count("POST", GET_BY_IDS)).as("one batch, retried once after Retry-After").isEqualTo(2);
    List<Finding> stored = tables.findings().list();
    assertThat(stored).extracting(Finding::kind).contains(FindingKind.RECYCLED_IDENTITY,
        FindingKind.MISSING_ASSIGNMENT, FindingKind.ORPHANED_ASSIGNMENT, FindingKind.IDENTITY_SETTINGS_MISMATCH);
    assertThat(stored).filteredOn(f -> f.kind() == FindingKind.ORPHANED_ASSIGNMENT).hasSize(3);
    assertThat(context.lines()).anySatisfy(l -> assertThat(l).contains(BROKEN_SUB).contains("NOT READ"));
    assertThat(context.lines()).anySatisfy(l -> assertThat(l).startsWith("WARNING sweep").contains(" incomplete")
        .contains("AuthorizationFailed").contains(BROKEN_SUB));
    assertThat(tables.inventory().identity(Scope.parse(SITE))).hasValueSatisfying(i ->
        assertThat(i.previousPrincipalId().map(Object::toString)).contains("0a1b2c3d-0001-4000-8000-00000000a001"));
  }

  @Test
  void severalSubscriptionsAreReadThroughResourceGraphAndOneItLeavesOutIsListedOnItsOwn() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode rows = json.readTree(Resources.text("snapshots/recycled-app/roleAssignments.json")).path("value");
    JsonNode definitions = json.readTree(Resources.text("arm/recycled-app/roleDefinitions.json")).path("value");
    JsonNode sites = json.readTree(Resources.text("arm/recycled-app/sites.json")).path("value");
    server.compute("POST", RESOURCE_GRAPH, body -> {
      ObjectNode page = json.createObjectNode();
      ArrayNode data = page.putArray("data");
      if (body.contains("roleassignments")) {
        boolean first = !body.contains("$skipToken");
        for (int i = first ? 0 : 3; i < (first ? 3 : rows.size()); i++) {
          data.add(rows.get(i));
        }
        if (first) {
          page.put("$skipToken", "ew0KICAiJGlkIjogIjEiLA0KICAiTWF4Um93cyI6IDMNCn0=");
        }
      } else if (body.contains("roledefinitions")) {
        data.addAll((ArrayNode) definitions);
      } else if (body.contains("microsoft.web/sites")) {
        data.addAll((ArrayNode) sites);
      }
      page.put("count", data.size()).put("resultTruncated", "false");
      return Reply.json(200, page.toString());
    });
    server.always("GET", BROKEN_SUB + "/providers/Microsoft.Authorization/roleAssignments",
        Reply.json(403, "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"no access\"}}"));

    List<String> lines = onePass(List.of(SUB, BROKEN_SUB));

    assertThat(server.count("POST", RESOURCE_GRAPH))
        .as("two pages of assignments, then definitions, sites and identities").isEqualTo(5);
    for (String perSubscription : List.of("/providers/Microsoft.Authorization/roleAssignments",
        "/providers/Microsoft.Authorization/roleDefinitions", "/providers/Microsoft.Web/sites",
        "/providers/Microsoft.ManagedIdentity/userAssignedIdentities")) {
      assertThat(server.count("GET", SUB + perSubscription)).as(perSubscription).isZero();
    }
    assertThat(server.count("GET", BROKEN_SUB + "/providers/Microsoft.Authorization/roleAssignments"))
        .as("left out of the Resource Graph answer, so asked directly").isEqualTo(1);
    assertThat(tables.findings().list()).extracting(Finding::kind).contains(FindingKind.RECYCLED_IDENTITY);
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("tenant-wide queries: 1 of 2"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("gap:").contains(BROKEN_SUB));
  }

  /**
   * The sweep in one pass (`sweep --parallel 0`), which reads several subscriptions through Resource Graph;
   * its progress lines, then its gaps as "gap: ...".
   */
  private List<String> onePass(List<String> scopes) throws Exception {
    List<String> lines = new java.util.ArrayList<>();
    SweepReport report = app(scopes).sweep().run(scopes.stream().map(Scope::parse).toList(),
        Optional.of(BaselineFile.read(Resources.path("snapshots/recycled-app/baseline.yaml"))),
        lines::add);
    report.gaps().forEach(g -> lines.add("gap: " + g));
    return lines;
  }

  @Test
  void withoutConfiguredScopesTheTimerFailsSayingWhichSettingToSet() {
    assertThatThrownBy(() -> function(List.of()).run("{}", context)).hasMessageContaining("AUDITOR_SCOPES");
  }

  @Test
  void aGraphOutageRaisesNoOrphanFindingsAndResolvesNone() {
    function(List.of(SUB)).run("{}", context);
    assertThat(tables.findings().list()).filteredOn(f -> f.kind() == FindingKind.ORPHANED_ASSIGNMENT).hasSize(3);

    server.always("POST", GET_BY_IDS, Reply.json(503, "{\"error\":{\"code\":\"serviceNotAvailable\"}}"));
    server.always("GET", SUB + "/providers/Microsoft.Authorization/roleAssignments", Reply.json(200, EMPTY));
    function(List.of(SUB)).run("{}", context);

    assertThat(tables.findings().list()).filteredOn(f -> f.kind() == FindingKind.ORPHANED_ASSIGNMENT)
        .as("the orphans were not confirmed gone by a directory that could not be asked").hasSize(3)
        .allSatisfy(f -> assertThat(f.status()).isEqualTo(FindingStatus.OPEN));
    assertThat(context.lines()).anySatisfy(l -> assertThat(l).contains("directory").contains("could not be looked up")
        .contains("503"));
  }

  @Test
  void aGraphThatResetsEveryConnectionRaisesNoOrphanAndAdvisesNoDeletion() {
    server.always("POST", GET_BY_IDS, Reply.connectionReset());

    function(List.of(SUB)).run("{}", context);

    assertThat(tables.findings().list()).noneSatisfy(f -> assertThat(f.kind()).isEqualTo(
        FindingKind.ORPHANED_ASSIGNMENT));
    assertThat(context.lines()).anySatisfy(l -> assertThat(l).contains("directory").contains("could not be looked up"));
  }

  @Test
  void aSecondSweepChangesNoFingerprintsAndRewritesNoInventoryRows() {
    function(List.of(SUB)).run("{}", context);
    List<String> first = tables.findings().list().stream().map(Finding::fingerprint).sorted().toList();
    List<KnownAssignment> inventoryBefore = tables.inventory().assignmentsIn("11111111-2222-3333-4444-555555555555");

    function(List.of(SUB)).run("{}", context);

    assertThat(tables.findings().list().stream().map(Finding::fingerprint).sorted().toList()).isEqualTo(first);
    assertThat(tables.findings().list()).allSatisfy(f -> assertThat(f.status()).isEqualTo(FindingStatus.OPEN));
    assertThat(inventoryBefore).hasSize(5);
    assertThat(tables.inventory().assignmentsIn("11111111-2222-3333-4444-555555555555"))
        .as("unchanged rows are not rewritten (their asOf stays)").containsExactlyInAnyOrderElementsOf(inventoryBefore);
  }

  @Test
  void aTwoHundredWithoutAValueArrayFromGraphOrArmIsAGapThatResolvesNothingAndCallsNobodyDeleted() {
    function(List.of(SUB)).run("{}", context);
    List<Finding> before = tables.findings().list();
    assertThat(before).filteredOn(f -> f.kind() == FindingKind.ORPHANED_ASSIGNMENT).hasSize(3);

    server.always("POST", GET_BY_IDS, Reply.json(200, "{}"));
    server.always("GET", SUB + "/providers/Microsoft.Authorization/roleAssignments", Reply.json(200, "{}"));
    function(List.of(SUB)).run("{}", context);

    assertThat(tables.findings().list()).as("nothing resolved by an answer that is not the documented shape")
        .allSatisfy(f -> assertThat(f.status()).isEqualTo(FindingStatus.OPEN))
        .extracting(Finding::fingerprint).containsExactlyInAnyOrderElementsOf(
            before.stream().map(Finding::fingerprint).toList());
    assertThat(tables.inventory().assignmentsIn("11111111-2222-3333-4444-555555555555"))
        .as("no inventory row tombstoned").noneSatisfy(a -> assertThat(a.deleted()).isTrue());
    assertThat(context.lines()).anySatisfy(l -> assertThat(l).startsWith("WARNING sweep").contains(" incomplete")
        .contains("without a \"value\" array"));
  }

  @Test
  void aGraphThatAnswersTwoHundredWithoutValueOnTheFirstSweepRaisesNoOrphan() {
    server.always("POST", GET_BY_IDS, Reply.json(200, "{\"@odata.context\":\"x\"}"));

    function(List.of(SUB)).run("{}", context);

    assertThat(tables.findings().list()).noneSatisfy(f -> assertThat(f.kind()).isEqualTo(
        FindingKind.ORPHANED_ASSIGNMENT));
    assertThat(context.lines()).anySatisfy(l -> assertThat(l).contains("could not be looked up")
        .contains("getByIds answered 200 without"));
  }

  @Test
  void resourceGraphIsAskedForTheManagementGroupsGrantsTooAndAnOwnerThereIsCritical() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ArrayNode rows = (ArrayNode) json.readTree(Resources.text("snapshots/recycled-app/roleAssignments.json"))
        .path("value").deepCopy();
    ObjectNode owner = rows.get(0).deepCopy();
    String mg = "/providers/Microsoft.Management/managementGroups/mg-corp";
    owner.put("id", mg + "/providers/Microsoft.Authorization/roleAssignments/7a000000-0000-4000-8000-0000000000c1");
    ((ObjectNode) owner.path("properties")).put("scope", mg)
        .put("roleDefinitionId", "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635")
        .put("principalType", "User").put("principalId", "0a1b2c3d-0005-4000-8000-00000000a005");
    rows.add(owner);
    List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    server.compute("POST", RESOURCE_GRAPH, body -> {
      bodies.add(body);
      ObjectNode page = json.createObjectNode();
      if (body.contains("roleassignments")) {
        page.putArray("data").addAll(rows);
      } else {
        page.putArray("data");
      }
      return Reply.json(200, page.toString());
    });
    server.always("GET", BROKEN_SUB + "/providers/Microsoft.Authorization/roleAssignments", Reply.json(200, EMPTY));

    onePass(List.of(SUB, BROKEN_SUB));

    assertThat(bodies).filteredOn(b -> b.contains("roleassignments")).singleElement().asString()
        .contains("\"authorizationScopeFilter\":\"AtScopeAboveAndBelow\"");
    assertThat(tables.findings().list()).anySatisfy(f -> {
      assertThat(f.kind()).isEqualTo(FindingKind.PRIVILEGED_GRANT);
      assertThat(f.scope()).isEqualTo(mg);
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    });
  }

  @Test
  void whereTheAppSettingsReaderIsNotGrantedTheSweepSaysSoAndTheSettingsFindingIsNeitherRaisedNorResolved() {
    function(List.of(SUB)).run("{}", context);
    List<Finding> first = tables.findings().list().stream()
        .filter(f -> f.kind() == FindingKind.IDENTITY_SETTINGS_MISMATCH).toList();
    assertThat(first).isNotEmpty();

    server.always("POST", SITE + "/config/appsettings/list", Reply.json(403, "{\"error\":{\"code\":"
        + "\"AuthorizationFailed\",\"message\":\"The client does not have authorization to perform action"
        + " 'Microsoft.Web/sites/config/list/action'\"}}"));
    TestExecutionContext second = new TestExecutionContext();
    function(List.of(SUB)).run("{}", second);

    assertThat(tables.findings().list()).filteredOn(f -> f.kind() == FindingKind.IDENTITY_SETTINGS_MISMATCH)
        .hasSameSizeAs(first).allSatisfy(f -> assertThat(f.status()).isEqualTo(FindingStatus.OPEN));
    assertThat(tables.findings().list()).filteredOn(f -> f.kind() == FindingKind.RECYCLED_IDENTITY)
        .allSatisfy(f -> assertThat(f.status()).isEqualTo(FindingStatus.OPEN)).isNotEmpty();
    assertThat(second.lines()).anySatisfy(l -> assertThat(l).startsWith("WARNING sweep").contains(" incomplete")
        .contains("app settings not read for 1 app(s) in subscription 11111111-2222-3333-4444-555555555555 (func-orders)")
        .contains("appSettingsResourceGroups"));

    tables = Azurite.emptyAccount();
    function(List.of(SUB)).run("{}", new TestExecutionContext());
    assertThat(tables.findings().list()).as("a first sweep without the grant raises no settings finding")
        .noneMatch(f -> f.kind() == FindingKind.IDENTITY_SETTINGS_MISMATCH)
        .anyMatch(f -> f.kind() == FindingKind.RECYCLED_IDENTITY);
  }

  @Test
  void whereTheSettingsSayListingIsNotGrantedTheSweepDoesNotTryAndSaysSo() {
    function(List.of(SUB)).run("{}", context);
    List<Finding> first = tables.findings().list().stream()
        .filter(f -> f.kind() == FindingKind.IDENTITY_SETTINGS_MISMATCH).toList();
    assertThat(first).isNotEmpty();
    long listed = server.count("POST", SITE + "/config/appsettings/list");

    TestExecutionContext none = new TestExecutionContext();
    new Hosted(granted(List.of())).run("{}", none);

    assertThat(server.count("POST", SITE + "/config/appsettings/list")).as("not even tried").isEqualTo(listed);
    assertThat(none.lines()).anySatisfy(l -> assertThat(l).startsWith("INFO").contains("not read as configured")
        .contains("app settings not listed for 1 app(s) in subscription 11111111-2222-3333-4444-555555555555"
            + " (func-orders): outside AUDITOR_APP_SETTINGS_SCOPES"));
    assertThat(none.lines()).as("configured, so not an incomplete sweep").noneMatch(l -> l.contains("incomplete"));
    assertThat(tables.findings().list()).filteredOn(f -> f.kind() == FindingKind.IDENTITY_SETTINGS_MISMATCH)
        .hasSameSizeAs(first).allSatisfy(f -> assertThat(f.status()).isEqualTo(FindingStatus.OPEN));

    new Hosted(granted(Settings.scopes(SUB + "/resourceGroups/RG-Orders")))
        .run("{}", new TestExecutionContext());
    assertThat(server.count("POST", SITE + "/config/appsettings/list")).as("listed where granted")
        .isEqualTo(listed + 1);
  }

  /** The app as {@code AUDITOR_APP_SETTINGS_SCOPES} wires it: settings listed in these scopes only. */
  private AuditorApp granted(List<Scope> scopes) {
    return new AuditorApp(tenant().withSettingsReadableIn(Optional.of(scopes)), Stores.of(tables),
        Clock.systemUTC(), List.of(Scope.parse(SUB)),
        Optional.of(Resources.path("snapshots/recycled-app/baseline.yaml")));
  }

  private static final String MG = "/providers/Microsoft.Management/managementGroups/mg-prod";

  private void serveTheManagementGroupsOwnLists() {
    for (String list : List.of("roleAssignments", "denyAssignments")) {
      server.always("GET", MG + "/providers/Microsoft.Authorization/" + list, Reply.json(200, EMPTY));
    }
    servePimWithNothingEligible(MG);
    server.always("GET", MG + "/providers/Microsoft.Authorization/roleDefinitions",
        Reply.json(200, Resources.text("arm/recycled-app/roleDefinitions.json")));
  }

  @Test
  void whenRoleDefinitionsCannotBeReadAnOrphanStaysTheSameFindingInsteadOfBeingResolvedAndRaisedAgain() {
    function(List.of(SUB)).run("{}", context);
    List<String> orphans = tables.findings().list().stream().filter(f -> f.kind() == FindingKind.ORPHANED_ASSIGNMENT)
        .map(Finding::fingerprint).toList();
    server.always("GET", SUB + "/providers/Microsoft.Authorization/roleDefinitions", Reply.json(503,
        "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"try later\"}}"));

    function(List.of(SUB)).run("{}", new TestExecutionContext());

    assertThat(tables.findings().list()).filteredOn(f -> f.kind() == FindingKind.ORPHANED_ASSIGNMENT)
        .allSatisfy(f -> assertThat(f.status()).isEqualTo(FindingStatus.OPEN))
        .extracting(Finding::fingerprint).containsExactlyInAnyOrderElementsOf(orphans);
  }

  @Test
  void aManagementGroupInTheScopesIsSweptWithEverySubscriptionBelowIt() {
    serveTheManagementGroupsOwnLists();
    server.always("GET", MG + "/descendants", Reply.json(200,
        Resources.text("arm/management-groups/descendants_mg-prod.json")));

    function(List.of(MG)).run("{}", context);

    assertThat(server.count("GET", SUB + "/providers/Microsoft.Web/sites")).as("the subscription below was read")
        .isEqualTo(1);
    assertThat(tables.findings().list()).extracting(Finding::kind).contains(FindingKind.RECYCLED_IDENTITY,
        FindingKind.IDENTITY_SETTINGS_MISMATCH);
    assertThat(context.lines()).anySatisfy(l -> assertThat(l).contains("management group mg-prod: 1 subscription(s)"));
  }

  @Test
  void whenTheSubscriptionsBelowAManagementGroupCannotBeListedItSaysSoAndResolvesNothingThere() {
    function(List.of(SUB)).run("{}", context);
    List<Finding> open = tables.findings().list().stream().filter(Finding::isActive).toList();
    assertThat(open).isNotEmpty();
    serveTheManagementGroupsOwnLists();
    server.always("GET", MG + "/providers/Microsoft.Authorization/roleAssignments",
        Reply.json(200, Resources.text("snapshots/recycled-app/roleAssignments.json")));
    server.always("GET", MG + "/descendants", Reply.json(403, "{\"error\":{\"code\":\"AuthorizationFailed\","
        + "\"message\":\"The client does not have authorization to perform action"
        + " 'Microsoft.Management/managementGroups/descendants/read'\"}}"));
    TestExecutionContext second = new TestExecutionContext();

    function(List.of(MG)).run("{}", second);

    assertThat(tables.findings().list()).filteredOn(Finding::isActive).extracting(f -> f.kind() + " " + f.title())
        .containsAll(open.stream().map(f -> f.kind() + " " + f.title()).toList());
    assertThat(second.lines()).anySatisfy(l -> assertThat(l).startsWith("WARNING sweep").contains(" incomplete")
        .contains("subscriptions below management group mg-prod could not be listed").contains("AuthorizationFailed")
        .contains("seen only through a management group's role assignments"));
  }

  @Test
  void eachRunIsRecordedWithWhatEverySubscriptionCameToAndWhy() {
    server.always("GET", BROKEN_SUB + "/providers/Microsoft.Authorization/roleAssignments",
        Reply.json(403, "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"no access\"}}"));

    function(List.of(SUB, BROKEN_SUB)).run("{}", context);

    SweepRun run = tables.sweepRuns().recent(1).get(0);
    assertThat(run.scopes()).containsExactly(SUB, BROKEN_SUB);
    assertThat(run.subscription(SUB.substring("/subscriptions/".length())).orElseThrow().state())
        .isEqualTo(SweepRun.State.DONE);
    assertThat(run.subscription(BROKEN_SUB.substring("/subscriptions/".length())).orElseThrow()).satisfies(s -> {
      assertThat(s.state()).isEqualTo(SweepRun.State.FAILED);
      assertThat(s.why()).contains("AuthorizationFailed");
    });
    assertThat(run.complete()).isFalse();
    assertThat(context.lines()).anySatisfy(l -> assertThat(l).contains("sweep run " + run.runId() + " finished"));

    function(List.of(SUB)).run("{}", new TestExecutionContext());
    assertThat(tables.sweepRuns().recent(5)).hasSize(2).first().satisfies(r -> assertThat(r.complete()).isTrue());
  }

  private static final String SUB_B = "/subscriptions/33333333-2222-3333-4444-555555555555";
  private static final String SUB_C = "/subscriptions/44444444-2222-3333-4444-555555555555";

  /** The recycled-app subscription's lists again under another subscription id. */
  private void serveACopyOfTheFirstSubscriptionAs(String sub) {
    String id = SUB.substring("/subscriptions/".length());
    String other = sub.substring("/subscriptions/".length());
    java.util.function.Function<String, String> moved = text -> text.replace(id, other);
    String snapshot = "snapshots/recycled-app/";
    String rest = "arm/recycled-app/";
    server.always("GET", sub + "/providers/Microsoft.Authorization/roleAssignments",
        Reply.json(200, moved.apply(Resources.text(snapshot + "roleAssignments.json"))));
    server.always("GET", sub + "/providers/Microsoft.Authorization/roleDefinitions",
        Reply.json(200, Resources.text(rest + "roleDefinitions.json")));
    server.always("GET", sub + "/providers/Microsoft.Authorization/denyAssignments", Reply.json(200, EMPTY));
    server.always("GET", sub + "/providers/Microsoft.Web/sites", Reply.json(200, moved.apply(Resources.text(rest + "sites.json"))));
    server.always("POST", moved.apply(SITE) + "/config/appsettings/list",
        Reply.json(200, Resources.text(rest + "appSettings.json")));
    server.always("GET", sub + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities", Reply.json(200, EMPTY));
    servePimWithNothingEligible(sub);
  }

  /** A tenant with PIM, in which nobody is eligible for anything at this scope. */
  private void servePimWithNothingEligible(String scope) {
    server.always("GET", scope + "/providers/Microsoft.Authorization/roleEligibilityScheduleInstances",
        Reply.json(200, EMPTY));
    server.always("GET", scope + "/providers/Microsoft.Authorization/roleAssignmentScheduleInstances",
        Reply.json(200, EMPTY));
  }

  /**
   * The findings table, except that writing subscription B's findings dies once after writing them (a
   * worker killed before it marked its subscription), and writing C's always fails.
   */
  private static FindingStore dyingFor(FindingStore tables,
      java.util.concurrent.atomic.AtomicInteger bDied) {
    java.util.function.Function<String, java.util.function.Predicate<List<Finding>>> of = sub -> batch ->
        batch.stream().anyMatch(f -> !f.subscriptionId().isEmpty() && sub.endsWith(f.subscriptionId()));
    return new FailingFindingStore(tables, batch -> {
      if (of.apply(SUB_C).test(batch)) {
        throw new StoreUnavailableException("Table Storage could not write findings: HTTP 500"
            + " InternalError", null);
      }
    }, batch -> {
      if (of.apply(SUB_B).test(batch) && bDied.getAndIncrement() == 0) {
        throw new IllegalStateException("worker died after writing subscription B's findings");
      }
    });
  }

  @Test
  void aRunOfThreeSubscriptionsThroughTheQueuesSurvivesARedeliveryAndGivesUpOnePoisonedSubscription() {
    serveACopyOfTheFirstSubscriptionAs(SUB_B);
    serveACopyOfTheFirstSubscriptionAs(SUB_C);
    java.util.concurrent.atomic.AtomicInteger bDied = new java.util.concurrent.atomic.AtomicInteger();
    Stores real = Stores.of(tables);
    Stores stores = new Stores(real.changes(), dyingFor(real.findings(), bDied), real.inventory(), real.poison(),
        real.alerts(), real.suppressions(), real.sweepRuns(), real.sweepStage(), real.subscriptionQueue(),
        real.finalStepQueue());
    RecordingChannel ops = new RecordingChannel("ops");
    AuditorApp app = new AuditorApp(tenant(), stores, Clock.systemUTC(),
        List.of(Scope.parse(SUB), Scope.parse(SUB_B), Scope.parse(SUB_C)),
        Optional.of(Resources.path("snapshots/recycled-app/baseline.yaml")),
        Alerting.of(List.of(ops)));

    new SweepFunction(() -> app).run("{}", context);
    QueueHost host = host(app);
    host.drain(context);

    SweepRun run = tables.sweepRuns().recent(1).get(0);
    assertThat(run.subscriptions().values()).extracting(s -> s.subscriptionId() + " " + s.state()).containsExactly(
        "11111111-2222-3333-4444-555555555555 DONE", "33333333-2222-3333-4444-555555555555 DONE",
        "44444444-2222-3333-4444-555555555555 FAILED");
    assertThat(run.subscription(SUB_C.substring(15)).orElseThrow().why()).contains("given up after 5 deliveries")
        .contains("sweep-subscriptions-poison").contains("HTTP 500");
    assertThat(host.failures()).filteredOn(f -> f.contains("died")).as("B's worker died once; its message came back")
        .hasSize(1);
    assertThat(host.failures()).filteredOn(f -> f.contains("HTTP 500")).as("C's five deliveries").hasSize(5);
    assertThat(tables.subscriptionQueue().poisoned()).singleElement().asString().contains(SUB_C.substring(15));
    assertThat(run.finished()).as("the final step ran without C").isTrue();
    assertThat(run.finish().orElseThrow().state()).isEqualTo(SweepRun.State.INCOMPLETE);
    assertThat(context.lines()).anySatisfy(l -> assertThat(l).contains("sweep run " + run.runId() + " finished"));

    List<Finding> stored = tables.findings().list();
    assertThat(stored).filteredOn(f -> SUB.endsWith(f.subscriptionId())).extracting(Finding::kind).contains(
        FindingKind.RECYCLED_IDENTITY, FindingKind.ORPHANED_ASSIGNMENT, FindingKind.MISSING_ASSIGNMENT,
        FindingKind.IDENTITY_SETTINGS_MISMATCH);
    assertThat(stored).as("B's worker findings, and the final step's for its app").filteredOn(
        f -> SUB_B.endsWith(f.subscriptionId())).extracting(Finding::kind).contains(FindingKind.ORPHANED_ASSIGNMENT,
        FindingKind.IDENTITY_SETTINGS_MISMATCH);
    assertThat(stored).as("nothing of C was raised").noneMatch(f -> SUB_C.endsWith(f.subscriptionId()));
    assertThat(stored.stream().filter(f -> f.kind() == FindingKind.ORPHANED_ASSIGNMENT
        && SUB_B.endsWith(f.subscriptionId())).count()).as("B, redelivered, has its orphans once, as A has")
        .isEqualTo(stored.stream().filter(f -> f.kind() == FindingKind.ORPHANED_ASSIGNMENT
            && SUB.endsWith(f.subscriptionId())).count());
    assertThat(ops.told()).as("alerts delivered after the final step, none twice").isNotEmpty().doesNotHaveDuplicates();
    assertThat(tables.alerts().list().stream().map(a -> a.kind() + " " + a.finding().fingerprint()))
        .doesNotHaveDuplicates();
  }
}
