package com.accessauditor.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Stores;
import com.accessauditor.app.Tenant;
import com.accessauditor.azure.AzureEndpoints;
import com.accessauditor.azure.AzureTenant;
import com.accessauditor.azure.StorageAccount;
import com.accessauditor.events.Change;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import com.accessauditor.support.Azurite;
import com.accessauditor.support.LocalHttpsServer;
import com.accessauditor.support.LocalHttpsServer.Reply;
import com.accessauditor.support.Resources;
import com.accessauditor.support.RoleAssignmentEvents;
import com.accessauditor.support.TestExecutionContext;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The Event Grid function end to end: Azurite as Table Storage, the real ARM and Graph SDK pipelines
 * against a local HTTPS server answering with the documented shapes.
 */
class EventCaptureFunctionIT {
  private static final String SUB = "/subscriptions/11111111-2222-3333-4444-555555555555";
  private static final String ASSIGNMENT =
      SUB + "/providers/Microsoft.Authorization/roleAssignments/b0f43c54-e787-4862-89b1-a653fa9cf747";
  private static final String OWNER = SUB + "/providers/Microsoft.Authorization/roleDefinitions/"
      + "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
  private static final String ASSIGNMENT_BODY = """
      {"properties":{"roleDefinitionId":"%s","principalId":"3c2d1e0f-1111-4a4a-9b9b-0a0b0c0d0e01",
        "principalType":"User","scope":"%s","condition":null,"conditionVersion":null,
        "createdOn":"2024-05-01T10:15:29.0000000Z","updatedOn":"2024-05-01T10:15:29.0000000Z",
        "createdBy":"f7202482-ee08-4d1c-8665-1b25942e1c59","updatedBy":"f7202482-ee08-4d1c-8665-1b25942e1c59",
        "delegatedManagedIdentityResourceId":null,"description":null},
       "id":"%s","type":"Microsoft.Authorization/roleAssignments","name":"b0f43c54-e787-4862-89b1-a653fa9cf747"}
      """.formatted(OWNER, SUB, ASSIGNMENT);
  private static final String OWNER_BODY = """
      {"id":"%s","name":"8e3af657-a8ff-443c-a75c-2fe8c4bcb635","type":"Microsoft.Authorization/roleDefinitions",
       "properties":{"roleName":"Owner","type":"BuiltInRole","description":"Grants full access",
         "assignableScopes":["/"],"permissions":[{"actions":["*"],"notActions":[],"dataActions":[],"notDataActions":[]}]}}
      """.formatted(OWNER);
  private static final String GRAPH_BODY = """
      {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#directoryObjects","value":[
        {"@odata.type":"#microsoft.graph.user","id":"3c2d1e0f-1111-4a4a-9b9b-0a0b0c0d0e01",
         "displayName":"Jordan Ops","userPrincipalName":"jordan@contoso.com","userType":"Member"}]}""";

  private LocalHttpsServer arm;
  private StorageAccount tables;
  private EventCaptureFunction function;
  private final TestExecutionContext context = new TestExecutionContext();

  @BeforeEach
  void start() throws Exception {
    arm = new LocalHttpsServer();
    arm.always("GET", OWNER, Reply.json(200, OWNER_BODY));
    arm.always("POST", "/v1.0/directoryObjects/getByIds", Reply.json(200, GRAPH_BODY));
    tables = Azurite.emptyAccount();
    TokenCredential credential = request -> Mono.just(new AccessToken("test-token", OffsetDateTime.now().plusHours(1)));
    AzureTenant tenant = AzureTenant.connect(credential, new AzureEndpoints(arm.url(), arm.url()), arm.clientTls(),
        Duration.ofSeconds(5));
    AuditorApp app = new AuditorApp(Tenant.of(tenant), Stores.of(tables), Clock.systemUTC());
    function = new EventCaptureFunction(() -> app);
  }

  @AfterEach
  void stop() {
    arm.close();
  }

  @Test
  void throttledLookupIsRetriedAfterRetryAfterAndTheGrantLandsInTableStorage() {
    arm.script("GET", ASSIGNMENT,
        new Reply(429, Map.of("Retry-After", "1", "Content-Type", "application/json"),
            "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"throttled\"}}"),
        Reply.json(200, ASSIGNMENT_BODY));

    function.run(Resources.text("events/roleAssignment_write_owner_at_subscription.json"), context);

    assertThat(arm.count("GET", ASSIGNMENT)).isEqualTo(2);
    List<Change> changes = tables.changes().list();
    assertThat(changes).singleElement().satisfies(c -> {
      assertThat(c.complete()).isTrue();
      assertThat(c.roleName()).contains("Owner");
      assertThat(c.summary()).contains("Jordan Ops");
    });
    List<Finding> findings = tables.findings().list();
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(FindingKind.PRIVILEGED_GRANT);
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.principalName()).isEqualTo("Jordan Ops");
    });
    assertThat(context.lines()).anyMatch(l -> l.contains("PRIVILEGED_GRANT"));
  }

  @Test
  void aTimedOutAndAResetLookupAreRetriedAndTheGrantLands() {
    arm.script("GET", ASSIGNMENT, Reply.json(200, ASSIGNMENT_BODY).after(Duration.ofSeconds(7)),
        Reply.connectionReset(), Reply.json(200, ASSIGNMENT_BODY));

    function.run(Resources.text("events/roleAssignment_write_owner_at_subscription.json"), context);

    assertThat(arm.count("GET", ASSIGNMENT)).isEqualTo(3);
    assertThat(tables.changes().list()).singleElement().satisfies(c -> assertThat(c.complete()).isTrue());
    assertThat(tables.findings().list()).singleElement()
        .satisfies(f -> assertThat(f.kind()).isEqualTo(FindingKind.PRIVILEGED_GRANT));
  }

  @Test
  void anArmThatOnlyResetsLeavesTheChangeForTheSweepAndRaisesNothing() {
    arm.always("GET", ASSIGNMENT, Reply.connectionReset());

    function.run(Resources.text("events/roleAssignment_write_owner_at_subscription.json"), context);

    assertThat(tables.changes().list()).singleElement().satisfies(c -> assertThat(c.complete()).isFalse());
    assertThat(tables.findings().list()).isEmpty();
  }

  @Test
  void anAssignmentAlreadyGoneIsRecordedWithoutAFinding() {
    arm.always("GET", ASSIGNMENT, Reply.json(404,
        "{\"error\":{\"code\":\"RoleAssignmentNotFound\",\"message\":\"Requested role assignment not found\"}}"));

    function.run(Resources.text("events/roleAssignment_write_owner_at_subscription.json"), context);

    assertThat(tables.changes().list()).singleElement()
        .satisfies(c -> assertThat(c.summary()).contains("no longer exists"));
    assertThat(tables.findings().list()).isEmpty();
  }

  @Test
  void anArmOutageLeavesTheChangeMarkedForTheSweep() {
    arm.always("GET", ASSIGNMENT, Reply.json(503, "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"x\"}}"));

    function.run(Resources.text("events/roleAssignment_write_owner_at_subscription.json"), context);

    assertThat(tables.changes().list()).singleElement().satisfies(c -> {
      assertThat(c.complete()).isFalse();
      assertThat(c.pendingReason()).hasValueSatisfying(r -> assertThat(r).contains("503"));
    });
    assertThat(tables.findings().list()).isEmpty();
  }

  @Test
  void redeliveryLeavesTheSameRows() {
    arm.always("GET", ASSIGNMENT, Reply.json(200, ASSIGNMENT_BODY));
    String event = Resources.text("events/roleAssignment_write_owner_at_subscription.json");

    function.run(event, context);
    List<Finding> first = tables.findings().list();
    function.run(event, context);

    assertThat(tables.changes().list()).hasSize(1);
    assertThat(tables.findings().list()).isEqualTo(first);
    assertThat(arm.count("GET", ASSIGNMENT)).isEqualTo(1);
  }

  @Test
  void aMalformedEventIsKeptInThePoisonTableWithoutFailingTheInvocation() {
    function.run("{\"id\":\"bad-1\",\"eventType\":\"Microsoft.Resources.ResourceWriteSuccess\"", context);

    assertThat(tables.poison().list()).singleElement()
        .satisfies(p -> assertThat(p.reason()).startsWith("not valid JSON"));
    assertThat(context.lines()).anyMatch(l -> l.startsWith("WARNING") && l.contains("POISONED"));
  }

  private static String deleteOf(String write, String time) {
    return RoleAssignmentEvents.deleteOf(write, "d0000000-0000-4000-8000-0000000000f1", time);
  }

  @Test
  void aForgedDeleteOfAGrantArmStillHasClosesNothingInTableStorage() {
    arm.always("GET", ASSIGNMENT, Reply.json(200, ASSIGNMENT_BODY));
    String write = Resources.text("events/roleAssignment_write_owner_at_subscription.json");
    function.run(write, context);

    function.run(deleteOf(write, "2024-05-01T11:00:00Z").replace("admin@contoso.com", "mallory@contoso.com"), context);

    assertThat(tables.findings().list()).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(FindingKind.PRIVILEGED_GRANT);
      assertThat(f.status()).as("no resolved notice for a grant that still exists")
          .isEqualTo(com.accessauditor.findings.FindingStatus.OPEN);
    });
    assertThat(tables.inventory().assignment(ASSIGNMENT)).hasValueSatisfying(k -> assertThat(k.deleted()).isFalse());
    assertThat(tables.changes().list()).anySatisfy(c -> {
      assertThat(c.summary()).contains("mallory@contoso.com").contains("ARM still has the assignment");
      assertThat(c.complete()).isFalse();
    });

    arm.always("GET", ASSIGNMENT, Reply.json(404, "{\"error\":{\"code\":\"RoleAssignmentNotFound\"}}"));
    function.run(deleteOf(write, "2024-05-01T12:00:00Z").replace("d0000000-0000-4000-8000-0000000000f1",
        "d0000000-0000-4000-8000-0000000000f2"), context);
    assertThat(tables.findings().list()).singleElement().as("the delete ARM confirms resolves it")
        .satisfies(f -> assertThat(f.status()).isEqualTo(com.accessauditor.findings.FindingStatus.RESOLVED));
  }

  @Test
  void anEventDatedInTheYear2999IsKeptInPoisonAndLeavesTheInventoryAlone() {
    arm.always("GET", ASSIGNMENT, Reply.json(200, ASSIGNMENT_BODY));
    String write = Resources.text("events/roleAssignment_write_owner_at_subscription.json");
    function.run(write, context);

    function.run(write.replace("6d1f0a8e-3b4c-4f2a-9e7d-0c1b2a3d4e5f", "f0000000-0000-4000-8000-000000002999")
        .replace("2024-05-01T10:15:30.1234567Z", "2999-01-01T00:00:00Z"), context);

    assertThat(tables.poison().list()).singleElement().satisfies(p -> assertThat(p.reason()).contains("future"));
    assertThat(tables.inventory().assignment(ASSIGNMENT)).hasValueSatisfying(k ->
        assertThat(k.asOf()).isBefore(java.time.Instant.now()));
    assertThat(tables.changes().list()).hasSize(1);
  }

  @Test
  void aLoneSurrogateInTheResourceUriIsKeptAsPoisonInsteadOfFailingTheTableForADay() throws Exception {
    arm.always("GET", ASSIGNMENT, Reply.json(200, ASSIGNMENT_BODY));
    String good = Resources.text("events/roleAssignment_write_owner_at_subscription.json");
    String bad = good.replace("\"resourceUri\": \"/subscriptions/", "\"resourceUri\": \"/subscriptions/\\ud800")
        .replace("6d1f0a8e-3b4c-4f2a-9e7d-0c1b2a3d4e5f", "7e2f1b9c-3b4c-4f2a-9e7d-0c1b2a3d4e5f");
    assertThat(bad).contains("\\ud800");
    String batch = "[" + bad.strip().substring(1, bad.strip().length() - 1) + ","
        + good.strip().substring(1, good.strip().length() - 1) + "]";

    function.run(batch, context);

    assertThat(tables.poison().list()).singleElement().satisfies(p -> {
      assertThat(p.eventId()).isEqualTo("7e2f1b9c-3b4c-4f2a-9e7d-0c1b2a3d4e5f");
      assertThat(p.reason()).contains("invalid UTF-16").contains("data.resourceUri");
      assertThat(p.raw()).contains("\\ud800");
    });
    assertThat(tables.changes().list()).singleElement()
        .satisfies(c -> assertThat(c.eventId()).isEqualTo("6d1f0a8e-3b4c-4f2a-9e7d-0c1b2a3d4e5f"));
  }

  @Test
  void escapeSequencesAndLineBreaksFromAnEventNeverReachTheLogRaw() {
    String event = Resources.text("events/roleAssignment_write_owner_at_subscription.json")
        .replace("\"id\": \"6d1f0a8e-3b4c-4f2a-9e7d-0c1b2a3d4e5f\"", "\"id\": \"e1\\u001b[2J\\r\\nINFO forged\"")
        .replace("\"eventType\": \"Microsoft.Resources.ResourceWriteSuccess\"", "\"eventType\": \"Evil\\u001b[31m\"");

    function.run(event, context);

    assertThat(context.lines()).isNotEmpty().allSatisfy(l ->
        assertThat(l).doesNotContain("\u001b").doesNotContain("\n").doesNotContain("\r"));
    assertThat(String.join("|", context.lines())).contains("e1\\u001b[2J\\r\\nINFO forged");
  }
}
