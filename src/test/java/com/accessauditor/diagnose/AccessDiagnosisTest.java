package com.accessauditor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.KnownIdentity;
import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.memory.InMemoryInventoryStore;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.Resources;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Diagnoses on the `diagnose` snapshot: the recycled func-orders, an Owner, groups, a deny, a condition. */
class AccessDiagnosisTest {
  static final String SUB = "/subscriptions/11111111-2222-3333-4444-555555555555";
  static final String RG = SUB + "/resourceGroups/rg-orders";
  static final String STORAGE = RG + "/providers/Microsoft.Storage/storageAccounts/stordersdata";
  static final String VAULT = RG + "/providers/Microsoft.KeyVault/vaults/kv-orders";
  static final String APP = RG + "/providers/Microsoft.Web/sites/func-orders";
  static final String OLD_IDENTITY = "0a1b2c3d-0001-4000-8000-00000000a001";
  static final String NEW_IDENTITY = "0a1b2c3d-0002-4000-8000-00000000a002";
  static final String BLOB_READ = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read";
  static final String STORAGE_403 = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthorizationPermissionMismatch"
      + "</Code><Message>This request is not authorized to perform this operation using this permission.</Message></Error>";

  private final SnapshotTenant tenant = SnapshotTenant.load(Resources.path("snapshots/diagnose"));
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);

  private Diagnosis diagnose(String principal, String scope, String action) {
    return service(tenant, Optional.empty()).diagnose(AccessQuestion.of(Optional.ofNullable(principal),
        Optional.ofNullable(scope), Optional.ofNullable(action), Optional.empty()));
  }

  private AccessDiagnosis service(Directory directory, Optional<DenialLog> log) {
    return new AccessDiagnosis(tenant, tenant, directory, log, clock);
  }

  private static List<Reason.Kind> kinds(Diagnosis d) {
    return d.reasons().stream().map(Reason::kind).toList();
  }

  @Test
  void theStorage403OfARecycledAppNamesTheRecycleTheNewPrincipalAndTheReGrant() {
    Diagnosis d = service(tenant, Optional.empty()).diagnose(AccessQuestion.of(Optional.of(APP), Optional.of(STORAGE),
        Optional.empty(), Optional.of(STORAGE_403)));

    assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
    assertThat(d.principalId()).contains(NEW_IDENTITY);
    assertThat(d.reasons().get(0)).satisfies(r -> {
      assertThat(r.kind()).isEqualTo(Reason.Kind.RECYCLED_IDENTITY);
      assertThat(r.text()).contains("func-orders").contains("it was " + OLD_IDENTITY).contains("now " + NEW_IDENTITY)
          .contains("Storage Blob Data Owner at stordersdata").contains("Key Vault Secrets User at kv-orders");
    });
    assertThat(d.commands()).contains("az role assignment create --assignee-object-id " + NEW_IDENTITY
        + " --assignee-principal-type ServicePrincipal --role b7e6dc6d-f1e8-4753-8033-0f276bb0955b --scope " + STORAGE);
    assertThat(d.commands()).as("the vault grant too, or the next request fails there").contains(
        "az role assignment create --assignee-object-id " + NEW_IDENTITY + " --assignee-principal-type ServicePrincipal"
            + " --role 4633458b-17de-408a-b874-0445c86b69e6 --scope " + VAULT);
    assertThat(d.commands()).anySatisfy(c -> assertThat(c).startsWith("az role assignment delete --ids " + STORAGE
        + "/providers/Microsoft.Authorization/roleAssignments/5e0e7a10-0000-4000-8000-000000000001"));
    assertThat(d.question().assumptions()).singleElement().satisfies(a -> assertThat(a).contains(BLOB_READ));
  }

  /** The diagnose snapshot after Graph purged its deleted items (30 days on), with what the inventory kept. */
  private AccessDiagnosis afterThePurge(Path dir) throws Exception {
    try (var files = Files.list(Resources.path("snapshots/diagnose"))) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    Files.writeString(dir.resolve(SnapshotTenant.DELETED_PRINCIPALS), "{\"value\": []}");
    SnapshotTenant purged = SnapshotTenant.load(dir);
    InMemoryInventoryStore inventory = new InMemoryInventoryStore();
    inventory.putIdentity(new KnownIdentity(Scope.parse(APP), KnownIdentity.Kind.SYSTEM_ASSIGNED,
        Optional.of(PrincipalId.parse(NEW_IDENTITY)), Optional.empty(), Instant.parse("2026-10-01T08:00:00Z"), false,
        "e-redeploy", Optional.of(PrincipalId.parse(OLD_IDENTITY))));
    return new AccessDiagnosis(purged, purged, purged, Optional.empty(), Optional.of(inventory), clock);
  }

  @Test
  void aRecycleOlderThanGraphsDeletedItemsIsStillNamedFromWhatTheInventoryRemembers(@TempDir Path dir)
      throws Exception {
    AccessDiagnosis diagnosis = afterThePurge(dir);

    Diagnosis fromTheApp = diagnosis.diagnose(AccessQuestion.of(Optional.of(APP), Optional.of(STORAGE),
        Optional.empty(), Optional.of(STORAGE_403)));
    Diagnosis fromTheOldId = diagnosis.diagnose(AccessQuestion.of(Optional.of(OLD_IDENTITY), Optional.of(STORAGE),
        Optional.of(BLOB_READ), Optional.empty()));

    for (Diagnosis d : List.of(fromTheApp, fromTheOldId)) {
      assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
      assertThat(d.reasons().get(0).kind()).isEqualTo(Reason.Kind.RECYCLED_IDENTITY);
      assertThat(d.reasons().get(0).text()).contains("it was " + OLD_IDENTITY).contains("now " + NEW_IDENTITY);
      assertThat(d.commands()).anySatisfy(c -> assertThat(c).contains("--assignee-object-id " + NEW_IDENTITY));
    }
  }

  @Test
  void withoutTheInventoryAPurgedOldIdentityIsOnlySaidToBeDeleted(@TempDir Path dir) throws Exception {
    afterThePurge(dir);
    SnapshotTenant purged = SnapshotTenant.load(dir);

    Diagnosis d = new AccessDiagnosis(purged, purged, purged, Optional.empty(), clock).diagnose(AccessQuestion.of(
        Optional.of(OLD_IDENTITY), Optional.of(STORAGE), Optional.of(BLOB_READ), Optional.empty()));

    assertThat(kinds(d)).doesNotContain(Reason.Kind.RECYCLED_IDENTITY).contains(Reason.Kind.PRINCIPAL_DELETED);
  }

  @Test
  void askingAboutTheOldIdentitySaysItIsDeletedAndWhichAppItBelongedTo() {
    Diagnosis d = diagnose(OLD_IDENTITY, STORAGE, BLOB_READ);

    assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
    assertThat(kinds(d)).containsExactly(Reason.Kind.RECYCLED_IDENTITY, Reason.Kind.PRINCIPAL_SOFT_DELETED);
    assertThat(d.commands()).anySatisfy(c -> assertThat(c).contains("--assignee-object-id " + NEW_IDENTITY));
  }

  @Test
  void anOwnerWithAPermissionMismatchIsToldAboutDataActionsAndGivenStorageBlobDataReader() {
    Diagnosis d = service(tenant, Optional.empty()).diagnose(AccessQuestion.of(Optional.of("jordan@contoso.com"),
        Optional.of(STORAGE + "/blobServices/default/containers/invoices"), Optional.empty(),
        Optional.of(STORAGE_403)));

    assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
    assertThat(d.reasons().get(0)).satisfies(r -> {
      assertThat(r.kind()).isEqualTo(Reason.Kind.WRONG_PLANE);
      assertThat(r.text()).startsWith("Owner inherited from subscription").contains("data action")
          .contains("DataActions");
    });
    assertThat(d.commands()).containsExactly("az role assignment create --assignee-object-id"
        + " 0a1b2c3d-0006-4000-8000-00000000a006 --assignee-principal-type User --role 'Storage Blob Data Reader'"
        + " --scope " + STORAGE);
  }

  @Test
  void accessThroughANestedGroupIsAllowedAndSaysWhichGroup() {
    Diagnosis d = diagnose("Casey Analyst", STORAGE, BLOB_READ);

    assertThat(d.verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(d.reasons()).singleElement().satisfies(r -> assertThat(r.text())
        .contains("Storage Blob Data Reader").contains("through group 0a1b2c3d-0007-4000-8000-00000000a007"));
    assertThat(d.commands()).isEmpty();
  }

  @Test
  void contributorCannotGrantRolesBecauseItsNotActionsSaySoAndTheNarrowestGrantingRoleIsProposed() {
    Diagnosis d = diagnose("0a1b2c3d-0004-4000-8000-00000000a004", RG,
        "Microsoft.Authorization/roleAssignments/write");

    assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
    assertThat(d.reasons().get(0)).satisfies(r -> {
      assertThat(r.kind()).isEqualTo(Reason.Kind.REMOVED_BY_NOT_ACTIONS);
      assertThat(r.text()).contains("Contributor").contains("NotActions contains Microsoft.Authorization/*/Write");
    });
    assertThat(d.commands()).singleElement().satisfies(c -> assertThat(c)
        .contains("--assignee-principal-type Group --role 'Role Based Access Control Administrator'"));
  }

  @Test
  void aDenyAssignmentWinsOverOwner() {
    Diagnosis d = diagnose("0a1b2c3d-0006-4000-8000-00000000a006", SUB + "/resourceGroups/sandbox-1/providers"
        + "/Microsoft.Storage/storageAccounts/stsandbox", "Microsoft.Storage/storageAccounts/delete");

    assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
    assertThat(d.reasons().get(0)).satisfies(r -> {
      assertThat(r.kind()).isEqualTo(Reason.Kind.DENY_ASSIGNMENT);
      assertThat(r.text()).contains("Deployment stack sandbox-stack: deny delete").contains("everyone");
    });
    assertThat(kinds(d)).contains(Reason.Kind.GRANTED).doesNotContain(Reason.Kind.NO_GRANT);
  }

  @Test
  void aConditionalGrantIsUnknownAndQuotesTheCondition() {
    Diagnosis d = diagnose("0a1b2c3d-0011-4000-8000-00000000a011", STORAGE, BLOB_READ);

    assertThat(d.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(d.reasons()).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo(Reason.Kind.CONDITION);
      assertThat(r.text()).contains("StringEquals 'invoices'");
    });
  }

  @Test
  void aGrantMadeMinutesAgoIsAllowedButExplainsPropagationAndTokenCaching() {
    Diagnosis d = diagnose("taylor@contoso.com", VAULT + "/secrets/db-password",
        "Microsoft.KeyVault/vaults/secrets/getSecret/action");

    assertThat(d.verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(d.reasons()).extracting(Reason::kind).containsExactly(Reason.Kind.GRANTED,
        Reason.Kind.GRANTED_RECENTLY);
    assertThat(d.reasons().get(1).text()).contains("5 min ago").contains("token issued before the grant");
  }

  @Test
  void withoutAnyGrantTheVerdictIsDeniedWithTheLeastPrivilegedRole() {
    Diagnosis d = diagnose("Sam Reader", VAULT, "Microsoft.KeyVault/vaults/secrets/getSecret/action");

    assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
    assertThat(d.reasons()).singleElement().satisfies(r -> assertThat(r.kind()).isEqualTo(Reason.Kind.NO_GRANT));
    assertThat(d.commands()).singleElement().satisfies(c -> assertThat(c).contains("--role 'Key Vault Secrets User'")
        .endsWith("--scope " + VAULT));
  }

  @Test
  void whenTheDirectoryCannotBeAskedNothingIsSaidToBeDeleted() {
    Diagnosis d = service(new UnreachableDirectory(), Optional.empty()).diagnose(AccessQuestion.of(
        Optional.of(OLD_IDENTITY), Optional.of(STORAGE), Optional.of(BLOB_READ), Optional.empty()));

    assertThat(d.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(kinds(d)).doesNotContain(Reason.Kind.PRINCIPAL_DELETED, Reason.Kind.PRINCIPAL_SOFT_DELETED,
        Reason.Kind.RECYCLED_IDENTITY);
    assertThat(d.reasons().get(0).text()).contains("could not be asked").contains("Graph HTTP 503");
    assertThat(d.commands()).isEmpty();
  }

  @Test
  void anUnreachableWorkspaceStillGivesTheVerdictAndSaysTheLogsWereNotRead() {
    DenialLog down = (principal, window) -> Lookup.failed("Log Analytics HTTP 503");

    Diagnosis d = service(tenant, Optional.of(down)).diagnose(AccessQuestion.of(Optional.of("Sam Reader"),
        Optional.of(VAULT), Optional.of("Microsoft.KeyVault/vaults/secrets/getSecret/action"), Optional.empty()));

    assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
    assertThat(d.reasons()).anySatisfy(r -> assertThat(r.text()).contains("workspace could not be read")
        .contains("HTTP 503"));
  }

  /** Graph answering 503 to everything. */
  static final class UnreachableDirectory implements Directory {
    @Override
    public Lookup<Principal> principal(PrincipalId id) {
      return Lookup.failed("Graph HTTP 503");
    }

    @Override
    public PrincipalBatch principals(Collection<PrincipalId> ids) {
      return new PrincipalBatch(java.util.Map.of(), Set.copyOf(ids), List.of("Graph HTTP 503"));
    }

    @Override
    public Lookup<List<Principal>> deletedPrincipals() {
      return Lookup.failed("Graph HTTP 503");
    }

    @Override
    public Lookup<Principal> servicePrincipalByAppId(String appId) {
      return Lookup.failed("Graph HTTP 503");
    }

    @Override
    public Lookup<List<Principal>> principalsNamed(String displayName) {
      return Lookup.failed("Graph HTTP 503");
    }

    @Override
    public Lookup<List<PrincipalId>> groupsOf(PrincipalId id) {
      return Lookup.failed("Graph HTTP 503");
    }
  }

  @Test
  void aDataRoleAskedForAControlPlaneActionSaysItOnlyGrantsDataActions() {
    Diagnosis d = diagnose("Casey Analyst", STORAGE, "Microsoft.Storage/storageAccounts/listKeys/action");

    assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
    assertThat(d.reasons().get(0)).satisfies(r -> {
      assertThat(r.kind()).isEqualTo(Reason.Kind.WRONG_PLANE);
      assertThat(r.text()).startsWith("Storage Blob Data Reader at stordersdata (through group")
          .contains("is a data-plane role").contains("control-plane (ARM) action, checked against Actions");
    });
  }

  @Test
  void aStorageAuthorizationFailurePointsAtTheNetworkRulesAsWellAsTheRoles() {
    Diagnosis d = service(tenant, Optional.empty()).diagnose(AccessQuestion.of(Optional.of("Casey Analyst"),
        Optional.of(STORAGE), Optional.empty(), Optional.of("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>"
            + "AuthorizationFailure</Code><Message>This request is not authorized to perform this operation."
            + "</Message></Error>")));

    assertThat(d.verdict()).as("the role does grant the read").isEqualTo(Verdict.ALLOWED);
    assertThat(kinds(d)).contains(Reason.Kind.GRANTED, Reason.Kind.STORAGE_NETWORK);
    assertThat(d.reasons()).filteredOn(r -> r.kind() == Reason.Kind.STORAGE_NETWORK).singleElement()
        .satisfies(r -> assertThat(r.text()).contains("network rules")
            .contains("az storage account show --ids " + STORAGE + " --query networkRuleSet"));
  }

  @Test
  void aDisplayNameSharedByTwoPrincipalsIsNotGuessedAndBothAreListed() {
    Diagnosis d = diagnose("Sam Lee", STORAGE, BLOB_READ);

    assertThat(d.verdict()).as("who was meant is not known").isEqualTo(Verdict.UNKNOWN);
    assertThat(d.principalId()).isEmpty();
    assertThat(d.reasons().get(0).text()).contains("2 principals are named 'Sam Lee'")
        .contains("0a1b2c3d-0011-4000-8000-00000000a011").contains("0a1b2c3d-0012-4000-8000-00000000a012")
        .contains("give the object id");
    assertThat(d.commands()).isEmpty();
  }

  @Test
  void aPrincipalGrantedThroughManyGroupsSeesFiveOfThemAndHowManyMore(@TempDir Path dir) throws Exception {
    String user = "0f000000-0000-4000-8000-000000000001";
    ObjectMapper json = new ObjectMapper();
    ArrayNode principals = json.createArrayNode();
    ArrayNode assignments = json.createArrayNode();
    ArrayNode memberOf = principals.addObject().put("@odata.type", "#microsoft.graph.user").put("id", user)
        .put("displayName", "Robin Reporter").put("userPrincipalName", "robin@contoso.com").putArray("memberOf");
    for (int g = 0; g < 8; g++) {
      String group = String.format("0f000000-0000-4000-8000-%012d", 100 + g);
      memberOf.add(group);
      principals.addObject().put("@odata.type", "#microsoft.graph.group").put("id", group).put("displayName", "g" + g);
      assignments.addObject().put("id", STORAGE + "/providers/Microsoft.Authorization/roleAssignments/"
          + String.format("0f000000-0000-4000-8000-%012d", 200 + g)).putObject("properties")
          .put("roleDefinitionId", SUB + "/providers/Microsoft.Authorization/roleDefinitions/"
              + "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1")
          .put("principalId", group).put("principalType", "Group").put("scope", STORAGE)
          .put("createdOn", "2026-01-01T00:00:00Z");
    }
    Files.writeString(dir.resolve(SnapshotTenant.PRINCIPALS), json.createObjectNode().set("value", principals).toString());
    Files.writeString(dir.resolve(SnapshotTenant.ROLE_ASSIGNMENTS),
        json.createObjectNode().set("value", assignments).toString());
    SnapshotTenant many = SnapshotTenant.load(dir);

    Diagnosis d = new AccessDiagnosis(many, many, many, Optional.empty(), clock).diagnose(AccessQuestion.of(
        Optional.of("robin@contoso.com"), Optional.of(STORAGE), Optional.of(BLOB_READ), Optional.empty()));

    assertThat(d.verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(d.assignmentsEvaluated()).isEqualTo(8);
    assertThat(d.reasons()).hasSize(6).allSatisfy(r -> assertThat(r.kind()).isEqualTo(Reason.Kind.GRANTED));
    assertThat(d.reasons().get(0).text()).contains("Storage Blob Data Reader at stordersdata (through group");
    assertThat(d.reasons().get(5).text()).isEqualTo("... and 3 more assignment(s) like these, that grant it.");
  }

  @Test
  void aRefusedRoleAssignmentWriteIsAnsweredAtTheParentScopeNotAtTheNewAssignment() {
    String newAssignment = RG + "/providers/Microsoft.Authorization/roleAssignments/5b7c9d1e-0000-4000-8000-0000000000aa";

    Diagnosis d = diagnose("0a1b2c3d-0010-4000-8000-00000000a010", newAssignment,
        "Microsoft.Authorization/roleAssignments/write");

    assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
    assertThat(d.reasons()).anySatisfy(r -> assertThat(r.text()).contains("at resource group rg-orders"));
    assertThat(d.commands()).singleElement().asString().endsWith("--scope " + RG)
        .doesNotContain("roleAssignments/5b7c9d1e").contains("--assignee-principal-type User");
  }

  /** The `pim` snapshot: Riley eligible (not active) for Contributor on rg-app, Dana eligible Owner and active. */
  private Diagnosis diagnosePim(String principal, String scope, String action) {
    SnapshotTenant pim = SnapshotTenant.load(Resources.path("snapshots/pim"));
    return new AccessDiagnosis(pim, pim, pim, Optional.empty(), clock).diagnose(AccessQuestion.of(
        Optional.of(principal), Optional.of(scope), Optional.of(action), Optional.empty()));
  }

  @Test
  void aPrincipalOnlyEligibleForARoleThatWouldAllowItIsDeniedAndToldHowToActivate() {
    String site = SUB + "/resourceGroups/rg-app/providers/Microsoft.Web/sites/func-app";

    Diagnosis d = diagnosePim("riley@contoso.com", site, "Microsoft.Web/sites/write");

    assertThat(d.verdict()).as("an eligibility grants nothing until it is activated").isEqualTo(Verdict.DENIED);
    assertThat(kinds(d).get(0)).isEqualTo(Reason.Kind.ELIGIBLE_THROUGH_PIM);
    assertThat(d.reasons().get(0).text()).contains("Eligible through PIM for Contributor at resource group rg-app")
        .contains("not activated").contains(EligibleRoles.PORTAL);
    assertThat(d.commands()).singleElement().satisfies(c -> assertThat(c)
        .contains("az rest --method put --url 'https://management.azure.com" + SUB + "/resourceGroups/rg-app/providers/"
            + "Microsoft.Authorization/roleAssignmentScheduleRequests/")
        .contains("\"requestType\":\"SelfActivate\"")
        .contains("\"linkedRoleEligibilityScheduleId\":\"" + SUB + "/resourceGroups/rg-app/providers/Microsoft."
            + "Authorization/roleEligibilitySchedules/7a2b3c4d-0002-4d4d-8e8e-3a3b3c3d3e02\"")
        .doesNotContain("az role assignment create"));
  }

  @Test
  void anEligibleOwnerIsNoReaderOfSecretsSoNoActivationIsOffered() {
    Diagnosis d = diagnosePim("dana@contoso.com", SUB + "/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv",
        "Microsoft.KeyVault/vaults/secrets/getSecret/action");

    assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
    assertThat(kinds(d)).contains(Reason.Kind.WRONG_PLANE).doesNotContain(Reason.Kind.ELIGIBLE_THROUGH_PIM);
    assertThat(d.commands()).noneMatch(c -> c.contains("SelfActivate"));
  }
}
