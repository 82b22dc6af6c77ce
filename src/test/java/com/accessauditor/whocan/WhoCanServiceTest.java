package com.accessauditor.whocan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.JsonLines;
import com.accessauditor.support.Resources;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** who-can on the test tenants: the ways in, and the traps. */
class WhoCanServiceTest {
  private static final String GRANT = "Microsoft.Authorization/roleAssignments/write";
  private static final String PROD = "/subscriptions/bbbbbbbb-2222-4000-8000-00000000000b";

  private static WhoCanAnswer ask(String snapshot, String scope, String action, boolean paths) {
    SnapshotTenant tenant = SnapshotTenant.load(Resources.path(snapshot));
    return new WhoCanService(tenant, tenant, Optional.of(new IdentityActors(tenant, tenant)))
        .answer(WhoCanQuestion.of(scope, action, paths));
  }

  private static List<String> rows(WhoCanAnswer a) {
    return a.holders().stream().map(h -> h.principalName() + " " + h.principalType() + " " + h.how().label()
        + (h.conditional() ? "?" : "")).toList();
  }

  @Test
  void anOwnerIsNoReaderOfSecretsButKeyVaultSecretsUserIs() {
    WhoCanAnswer a = ask("snapshots/diagnose", "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/"
        + "rg-orders/providers/Microsoft.KeyVault/vaults/kv-orders", "Microsoft.KeyVault/vaults/secrets/getSecret/action",
        false);

    assertThat(rows(a)).containsExactly("Taylor New user direct");
    assertThat(a.holders()).noneMatch(h -> h.principalName().equals("Jordan Ops"));
    assertThat(a.notes()).as("the old identity's grant is an orphan, allowed nothing")
        .anySatisfy(n -> assertThat(n).contains("not in the directory").contains("0a1b2c3d-0001-4000-8000-00000000a001"));
  }

  @Test
  void aGroupIsListedWithItsMembersAndAConditionalGrantIsPossible() {
    WhoCanAnswer a = ask("snapshots/diagnose", "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/"
        + "rg-orders/providers/Microsoft.Storage/storageAccounts/stordersdata",
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read", false);

    assertThat(rows(a)).contains("Order Data Readers group direct", "Casey Analyst user group",
        "Analysts group group", "Sam Lee user direct?");
    assertThat(a.holders()).filteredOn(h -> h.principalName().equals("Casey Analyst")).singleElement()
        .satisfies(h -> assertThat(h.via().get(0)).startsWith("member of group Order Data Readers"));
  }

  @Test
  void aGrantAtAManagementGroupAboveIsInheritedAndOneAtAnotherBranchIsNot() {
    WhoCanAnswer prod = ask("snapshots/management-groups", "/subscriptions/aaaaaaaa-1111-4000-8000-000000000001", GRANT,
        false);
    WhoCanAnswer sandbox = ask("snapshots/management-groups", "/subscriptions/bbbbbbbb-2222-4000-8000-000000000002",
        GRANT, false);

    assertThat(prod.holders()).singleElement().satisfies(h -> {
      assertThat(h.principalId().value()).isEqualTo("0a1b2c3d-1001-4000-8000-00000000b001");
      assertThat(h.how()).isEqualTo(How.INHERITED);
      assertThat(h.via().get(0)).isEqualTo("Owner at management group mg-corp (inherited)");
    });
    assertThat(sandbox.holders()).as("mg-corp is not above the sandbox subscription").isEmpty();
  }

  @Test
  void anEligibleOwnerSaysEligibleEvenWhileItsActivationStands() {
    WhoCanAnswer a = ask("snapshots/pim", "/subscriptions/11111111-2222-3333-4444-555555555555", GRANT, false);

    assertThat(rows(a)).containsExactly("Dana Admin user eligible", "Jordan Ops user direct");
    assertThat(a.holders().get(0).via()).first().asString().startsWith("eligible through PIM for Owner");
    assertThat(a.complete()).isTrue();
  }

  @Test
  void withPathsWhoeverCanDeployAnOwnersAppIsListedAndReaderOnTheAppIsNot() {
    WhoCanAnswer a = ask("snapshots/escalation", PROD + "/resourceGroups/rg-x", GRANT, true);

    assertThat(rows(a)).containsExactlyInAnyOrder("Alice Dev user identity", "Bob Dev user identity",
        "web-devs group identity", "Cas Staging user identity?", "func-deploy managedIdentity inherited");
    assertThat(a.holders()).noneMatch(h -> h.principalName().equals("Sam Reader"))
        .as("func-report's identity only reads: whoever deploys it is no path to this")
        .noneMatch(h -> h.principalName().equals("Lee Report"));
    assertThat(ask("snapshots/escalation", PROD + "/resourceGroups/rg-x", GRANT, false).holders())
        .as("without --include-paths, only the identity").extracting(Holder::principalName).containsExactly("func-deploy");
  }

  @Test
  void whoeverMayAttachAUserAssignedIdentityAndHasComputeActsAsIt() {
    WhoCanAnswer a = ask("snapshots/escalation", PROD, "Microsoft.Resources/deployments/write", true);

    assertThat(a.holders()).filteredOn(h -> h.how() == How.IDENTITY).extracting(Holder::principalName)
        .contains("Kim Ops").doesNotContain("Pat Ops");
  }

  @Test
  void groupMembersThatCannotBeReadAreAGapNotNobody() {
    SnapshotTenant tenant = SnapshotTenant.load(Resources.path("snapshots/diagnose"));
    var noMembers = new Directory() {
      @Override public Lookup<Principal> principal(PrincipalId id) { return tenant.principal(id); }
      @Override public PrincipalBatch principals(java.util.Collection<PrincipalId> ids) {
        return tenant.principals(ids); }
      @Override public Lookup<List<Principal>> deletedPrincipals() { return tenant.deletedPrincipals(); }
      @Override public Lookup<Principal> servicePrincipalByAppId(String appId) { return tenant.servicePrincipalByAppId(appId); }
      @Override public Lookup<List<Principal>> principalsNamed(String n) { return tenant.principalsNamed(n); }
      @Override public Lookup<List<PrincipalId>> groupsOf(PrincipalId id) { return tenant.groupsOf(id); }
      @Override public Lookup<List<Principal>> membersOf(PrincipalId g) { return Lookup.failed("Graph answered 503"); }
    };

    WhoCanAnswer a = new WhoCanService(tenant, noMembers, Optional.empty()).answer(WhoCanQuestion.of(
        "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-orders/providers/Microsoft.Storage/"
            + "storageAccounts/stordersdata", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
        false));

    assertThat(a.complete()).isFalse();
    assertThat(a.gaps()).anySatisfy(g -> assertThat(g).contains("members of group").contains("Graph answered 503"));
    assertThat(rows(a)).contains("Order Data Readers group direct").doesNotContain("Casey Analyst user group");
  }

  @Test
  void jsonLinesNameEachPrincipalHowAndWhatItRestsOnAndEndWithWhetherTheAnswerIsWhole() {
    WhoCanAnswer a = ask("snapshots/pim", "/subscriptions/11111111-2222-3333-4444-555555555555", GRANT, false);

    String out = WhoCanOutput.jsonLines(a);
    var lines = JsonLines.ofType(out, "principal");
    var summary = JsonLines.ofType(out, "summary");

    assertThat(lines).hasSize(2);
    assertThat(out.lines()).hasSize(3);
    assertThat(lines.get(0).get("principalId").asText()).isEqualTo("4d5e6f70-2222-4b4b-8c8c-1a1b1c1d1e01");
    assertThat(lines.get(0).get("principalName").asText()).isEqualTo("Dana Admin");
    assertThat(lines.get(0).get("principalType").asText()).isEqualTo("user");
    assertThat(lines.get(0).get("how").asText()).isEqualTo("eligible");
    assertThat(lines.get(0).get("via").get(0).asText()).contains("Owner");
    assertThat(summary).singleElement().satisfies(l -> assertThat(l.get("complete").asBoolean()).isTrue());
    assertThat(WhoCanOutput.csv(a)).startsWith("principalId,principalName,principalType,how,conditional,via\r\n")
        .contains("4d5e6f70-2222-4b4b-8c8c-1a1b1c1d1e01,Dana Admin,user,eligible,false,");
  }

  @Test
  void whoeverADenyAssignmentRefusesIsNotListedWhateverTheirRolesGrant() {
    String account = "/providers/Microsoft.Storage/storageAccounts/stsand";
    String sub = "/subscriptions/11111111-2222-3333-4444-555555555555";

    WhoCanAnswer denied = ask("snapshots/diagnose", sub + "/resourceGroups/sandbox-1" + account,
        "Microsoft.Storage/storageAccounts/delete", false);
    WhoCanAnswer elsewhere = ask("snapshots/diagnose", sub + "/resourceGroups/rg-orders" + account,
        "Microsoft.Storage/storageAccounts/delete", false);

    assertThat(elsewhere.holders()).extracting(Holder::principalName).contains("Jordan Ops");
    assertThat(denied.holders()).extracting(Holder::principalName).doesNotContain("Jordan Ops");
    assertThat(denied.notes()).anySatisfy(n -> assertThat(n).contains("0a1b2c3d-0006-4000-8000-00000000a006")
        .contains("refused by deny assignment 'Deployment stack sandbox-stack: deny delete'"));
  }

  @Test
  void aWildcardOrAMissingScopeIsRefusedNamingIt() {
    assertThatThrownBy(() -> WhoCanQuestion.of("/subscriptions/x", "Microsoft.Web/sites/*", false))
        .hasMessageContaining("wildcard");
    assertThatThrownBy(() -> WhoCanQuestion.of(" ", GRANT, false)).hasMessageContaining("give the scope");
  }
}
