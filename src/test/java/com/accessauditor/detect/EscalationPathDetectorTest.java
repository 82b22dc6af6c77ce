package com.accessauditor.detect;

import static com.accessauditor.detect.Facts.RG;
import static com.accessauditor.detect.Facts.SUBSCRIPTION;
import static com.accessauditor.detect.Facts.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.app.Stores;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.DenyAssignment;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import com.accessauditor.rbac.BuiltInRoles;
import com.accessauditor.rbac.RoleCatalogue;
import com.accessauditor.rbac.ScopeTree;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.Resources;
import com.accessauditor.sweep.SweepService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EscalationPathDetectorTest {
  private final EscalationPathDetector detector = new EscalationPathDetector();
  private final Scope app = Facts.site("func-deploy");
  private final PrincipalId identity = id(1);
  private final PrincipalId deployer = id(2);

  /** Facts with the real built-in definitions, as ARM lists them. */
  private Facts tenant() {
    Facts f = new Facts();
    RoleCatalogue.builtIns().forEach(f::definition);
    f.managedIdentity(identity, "func-deploy", app, true).user(deployer, "Dee Ploy")
        .site(new SiteIdentity(app, "functionapp", Optional.of(identity), Map.of(), Map.of()));
    return f;
  }

  @Test
  void aWebsiteContributorOnAnAppWhoseIdentityIsOwnerCanBecomeOwnerAndTheFindingIsTheirs() {
    Facts f = tenant();
    RoleAssignment owner = f.assign(identity, BuiltInRoles.OWNER, SUBSCRIPTION);
    RoleAssignment lever = f.assign(deployer, "User", BuiltInRoles.WEBSITE_CONTRIBUTOR, app, Optional.empty());

    assertThat(detector.inspect(f.build())).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(FindingKind.ESCALATION_PATH);
      assertThat(d.principalId()).isEqualTo(deployer.value());
      assertThat(d.severity()).as("that of an Owner grant at a subscription").isEqualTo(Severity.CRITICAL);
      assertThat(d.scope()).isEqualTo(app.value());
      assertThat(d.title()).isEqualTo("Dee Ploy (user) → Website Contributor on func-deploy → its identity → Owner on"
          + " subscription " + Facts.SUB);
      assertThat(d.remediation()).contains(AzCommand.deleteAssignment(lever.id()))
          .contains(AzCommand.deleteAssignment(owner.id()));
    });
  }

  @Test
  void readerOnTheAppIsNoPath() {
    Facts f = tenant();
    f.assign(identity, BuiltInRoles.OWNER, SUBSCRIPTION);
    f.assign(deployer, "User", BuiltInRoles.READER, app, Optional.empty());

    assertThat(detector.inspect(f.build())).isEmpty();
  }

  @Test
  void aPathToAnIdentityWhoseRolesAreNotPrivilegedIsNoFinding() {
    Facts f = tenant();
    f.assign(identity, BuiltInRoles.CONTRIBUTOR, RG); // Contributor below a subscription: not privileged
    f.assign(deployer, "User", BuiltInRoles.CONTRIBUTOR, RG, Optional.empty());

    assertThat(detector.inspect(f.build())).isEmpty();
  }

  @Test
  void aUserAssignedIdentityIsReachedByWhoeverMayAttachItAndHasComputeToAttachItTo() {
    Facts f = tenant();
    Scope ops = Facts.userAssignedIdentity("id-ops");
    PrincipalId opsPrincipal = id(3);
    PrincipalId attachOnly = id(4);
    f.identity(new UserAssignedIdentity(ops, opsPrincipal, "c1c1c1c1-0000-4000-8000-000000000001"))
        .user(attachOnly, "Pat Ops");
    f.assign(opsPrincipal, BuiltInRoles.CONTRIBUTOR, SUBSCRIPTION);
    f.assign(deployer, "User", BuiltInRoles.MANAGED_IDENTITY_OPERATOR, ops, Optional.empty());
    f.assign(deployer, "User", BuiltInRoles.CONTRIBUTOR, Scope.parse(SUBSCRIPTION.value() + "/resourceGroups/rg-dee"),
        Optional.empty());
    f.assign(attachOnly, "User", BuiltInRoles.MANAGED_IDENTITY_OPERATOR, ops, Optional.empty());

    List<FindingDraft> found = detector.inspect(f.build());

    assertThat(found).as("Pat may attach it but has nothing to attach it to").singleElement().satisfies(d -> {
      assertThat(d.principalId()).isEqualTo(deployer.value());
      assertThat(d.severity()).as("that of Contributor at a subscription").isEqualTo(Severity.HIGH);
      assertThat(d.title()).contains("Managed Identity Operator on id-ops + Contributor on resource group rg-dee");
    });
  }

  @Test
  void aPathThroughAConditionIsPossibleAtLowSeverity() {
    Facts f = tenant();
    f.assign(identity, BuiltInRoles.OWNER, SUBSCRIPTION);
    f.assign(deployer, "User", BuiltInRoles.WEBSITE_CONTRIBUTOR, app, Optional.empty());
    Facts conditional = tenant();
    conditional.assign(identity, BuiltInRoles.OWNER, SUBSCRIPTION);
    conditional.assignWithCondition(deployer, BuiltInRoles.WEBSITE_CONTRIBUTOR, app,
        "@Request[Microsoft.Web/sites/slots:name] StringEquals 'staging'");

    assertThat(detector.inspect(conditional.build())).singleElement().satisfies(d -> {
      assertThat(d.severity()).isEqualTo(Severity.LOW);
      assertThat(d.detail()).contains("possible, not certain");
    });
    assertThat(detector.inspect(f.build())).as("the same grant without its condition")
        .extracting(FindingDraft::severity).containsExactly(Severity.CRITICAL);
  }

  @Test
  void aGrantAtAManagementGroupCountsWhereTheHierarchyPlacesTheAppBelowIt() {
    Facts f = tenant();
    f.assign(identity, BuiltInRoles.OWNER, SUBSCRIPTION);
    Scope devs = Scope.parse("/providers/Microsoft.Management/managementGroups/mg-apps");
    f.assign(deployer, "User", BuiltInRoles.WEBSITE_CONTRIBUTOR, devs, Optional.empty());
    SweepFacts read = f.build();

    assertThat(detector.inspect(read.withHierarchy(ScopeTree.of(
        Map.of("mg-apps", "root"), Map.of(Facts.SUB, "mg-apps"))))).singleElement()
        .satisfies(d -> assertThat(d.scope()).isEqualTo(devs.value()));
    assertThat(detector.inspect(read.withHierarchy(ScopeTree.of(
        Map.of("mg-apps", "root", "mg-other", "root"), Map.of(Facts.SUB, "mg-other")))))
        .as("the subscription sits under another management group").isEmpty();
    assertThat(detector.inspect(read)).as("where the subscription sits is not known: not counted").isEmpty();
  }

  @Test
  void aDenyAssignmentThatRefusesTheDeployIsNoPathAndOneThatSparesThePrincipalIs() {
    Facts f = tenant();
    f.assign(identity, BuiltInRoles.OWNER, SUBSCRIPTION);
    f.assign(deployer, "User", BuiltInRoles.WEBSITE_CONTRIBUTOR, app, Optional.empty());
    SweepFacts read = f.build();
    // As a deployment stack makes them: every write under the resource group, to everyone, some excluded.
    java.util.function.Function<List<String>, DenyAssignment> stack = excluded ->
        new DenyAssignment(RG.value() + "/providers/Microsoft.Authorization/denyAssignments/"
            + "7d1f0000-0000-4000-8000-0000000000d2", "Deployment stack apps-stack: deny write", RG, List.of("*/write",
            "*/action"), List.of(), List.of(), List.of(), List.of("00000000-0000-0000-0000-000000000000"), excluded,
            false);

    assertThat(detector.inspect(read.withDenyAssignments(List.of(stack.apply(List.of()))))).isEmpty();
    assertThat(detector.inspect(read.withDenyAssignments(List.of(stack.apply(List.of(deployer.value()))))))
        .as("the stack spares the deployer").hasSize(1);
  }

  @Test
  void theIdentityItselfIsNotAPathToItself() {
    Facts f = tenant();
    f.assign(identity, BuiltInRoles.OWNER, SUBSCRIPTION); // Owner of the subscription holds its own app too

    assertThat(detector.inspect(f.build())).isEmpty();
  }

  /** The escalation snapshot swept in one pass, with or without the export of group members. */
  private static List<Finding> swept(java.nio.file.Path snapshot) {
    Stores stores = Stores.inMemory();
    SnapshotTenant tenant = SnapshotTenant.load(snapshot);
    new SweepService(tenant, tenant, tenant, stores.inventory(), stores.findings(),
        java.time.Clock.fixed(Facts.NOW, java.time.ZoneOffset.UTC), Detectors.SWEEP)
        .run(tenant.subscriptions(), Optional.empty(), line -> { });
    return stores.findings().list().stream().filter(f -> f.kind() == FindingKind.ESCALATION_PATH).toList();
  }

  @Test
  void aPathThroughAGroupIsTheGroupsFindingAndNamesItsMembers(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path snapshot = Resources.path("snapshots/escalation");

    assertThat(swept(snapshot)).filteredOn(f -> f.principalType().equals("Group")).singleElement().satisfies(f -> {
      assertThat(f.title()).startsWith("web-devs (group) → Website Contributor on func-deploy → its identity → Owner");
      assertThat(f.detail()).contains("Its members (2): Alice Dev, Bob Dev.");
    });

    try (var files = java.nio.file.Files.list(snapshot)) {
      for (java.nio.file.Path f : files.filter(f -> !f.getFileName().toString().equals("groupMembers.json")).toList()) {
        java.nio.file.Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    assertThat(swept(dir)).filteredOn(f -> f.principalType().equals("Group")).singleElement()
        .satisfies(f -> assertThat(f.detail()).contains("Its members could not be read")
            .contains("groupMembers.json").contains("who-can"));
  }
}
