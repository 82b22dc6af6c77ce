package com.accessauditor.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.app.Stores;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.model.Scope;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.Resources;
import com.accessauditor.sweep.SweepService;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-subscription detectors (Reach.SUBSCRIPTION) find exactly the same in each subscription swept
 * alone as in the tenant swept whole, on a tenant built to cross subscriptions; and a tenant-wide one
 * (an app in A whose identity is Contributor in B) is what a per-subscription sweep would miss.
 */
class DetectorReachTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String A = "aaaaaaaa-0000-4000-8000-00000000000a";
  private static final String B = "bbbbbbbb-0000-4000-8000-00000000000b";
  private static final String USER = "0a1b2c3d-0000-4000-8000-000000000001";
  private static final String GONE = "0a1b2c3d-0000-4000-8000-0000000000dd";
  private static final String APP_IDENTITY = "0a1b2c3d-0000-4000-8000-0000000000a1";
  private static final String CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
  private static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
  private static final Instant NOW = Instant.parse("2026-12-01T21:00:00Z");

  @TempDir Path dir;
  private int assignment;

  @Test
  void everyDetectorSaysHowFarItLooks() {
    assertThat(Detectors.SWEEP).allSatisfy(d -> assertThat(d.reach()).isNotNull());
    assertThat(Detectors.SWEEP.stream().filter(d -> d.reach() == Reach.SUBSCRIPTION).flatMap(d -> d.kinds().stream()))
        .contains(FindingKind.ORPHANED_ASSIGNMENT, FindingKind.PRIVILEGED_GRANT, FindingKind.ROLE_ASSIGNMENT_QUOTA);
  }

  @Test
  void perSubscriptionDetectorsFindTheSameInEachSubscriptionAloneAsInTheWholeTenant() throws Exception {
    writeTenant();
    Set<FindingKind> perSubscription = Detectors.SWEEP.stream().filter(d -> d.reach() == Reach.SUBSCRIPTION)
        .flatMap(d -> d.kinds().stream()).collect(Collectors.toCollection(() -> EnumSet.noneOf(FindingKind.class)));

    Set<String> whole = findings(List.of(A, B));
    Set<String> alone = new java.util.TreeSet<>(findings(List.of(A)));
    alone.addAll(findings(List.of(B)));

    Set<String> wholeOfThose = whole.stream().filter(f -> perSubscription.contains(kindOf(f)))
        .collect(Collectors.toCollection(java.util.TreeSet::new));
    Set<String> aloneOfThose = alone.stream().filter(f -> perSubscription.contains(kindOf(f)))
        .collect(Collectors.toCollection(java.util.TreeSet::new));
    assertThat(aloneOfThose).isEqualTo(wholeOfThose);
    assertThat(wholeOfThose).as("the tenant gives them something to find").anyMatch(f -> f.startsWith("ORPHANED"))
        .anyMatch(f -> f.startsWith("PRIVILEGED_GRANT"));
    assertThat(whole).as("the app in A whose identity is Contributor in B").anyMatch(f ->
        f.startsWith("OVERPRIVILEGED_APP_IDENTITY") && f.contains(B));
    assertThat(alone).as("swept one subscription at a time, that is missed: a tenant-wide detector")
        .noneMatch(f -> f.startsWith("OVERPRIVILEGED_APP_IDENTITY"));
  }

  private static FindingKind kindOf(String line) {
    return FindingKind.valueOf(line.substring(0, line.indexOf(' ')));
  }

  private Set<String> findings(List<String> subscriptions) {
    SnapshotTenant tenant = SnapshotTenant.load(dir);
    assertThat(tenant.problems()).isEmpty();
    Stores stores = Stores.inMemory();
    new SweepService(tenant, tenant, tenant, stores.inventory(), stores.findings(), Clock.fixed(NOW, ZoneOffset.UTC),
        Detectors.SWEEP).run(subscriptions.stream().map(s -> Scope.parse("/subscriptions/" + s)).toList(),
            Optional.empty(), line -> {});
    return stores.findings().list().stream().filter(Finding::isActive)
        .map(f -> f.kind() + " " + f.fingerprint() + " " + f.scope() + " " + f.title()).collect(Collectors.toSet());
  }

  private void writeTenant() throws Exception {
    ArrayNode rows = JSON.createArrayNode();
    rows.add(grant(A, "/subscriptions/" + A, USER, "User", CONTRIBUTOR));
    rows.add(grant(B, "/subscriptions/" + B, USER, "User", CONTRIBUTOR));
    rows.add(grant(A, "/subscriptions/" + A + "/resourceGroups/rg-a", GONE, "User", READER));
    rows.add(grant(B, "/subscriptions/" + B + "/resourceGroups/rg-b", GONE, "User", READER));
    rows.add(grant(B, "/subscriptions/" + B, APP_IDENTITY, "ServicePrincipal", CONTRIBUTOR));
    rows.add(grant(A, "/subscriptions/" + A + "/resourceGroups/rg-a", APP_IDENTITY, "ServicePrincipal", READER));
    write("roleAssignments.json", JSON.createObjectNode().set("value", rows));
    Files.copy(Resources.path("snapshots/recycled-app/roleDefinitions.json"), dir.resolve("roleDefinitions.json"));

    ArrayNode principals = JSON.createArrayNode();
    principals.addObject().put("@odata.type", "#microsoft.graph.user").put("id", USER).put("displayName", "Dana Ops")
        .put("userPrincipalName", "dana@contoso.com").put("userType", "Member");
    ObjectNode app = principals.addObject().put("@odata.type", "#microsoft.graph.servicePrincipal")
        .put("id", APP_IDENTITY).put("displayName", "func-a").put("servicePrincipalType", "ManagedIdentity");
    app.putArray("alternativeNames").add("isExplicit=False").add(site());
    write("principals.json", JSON.createObjectNode().set("value", principals));
    write("deletedPrincipals.json", JSON.createObjectNode().set("value", JSON.createArrayNode()));

    ArrayNode sites = JSON.createArrayNode();
    ObjectNode s = sites.addObject().put("id", site()).put("name", "func-a").put("kind", "functionapp,linux")
        .put("type", "Microsoft.Web/sites");
    s.putObject("identity").put("type", "SystemAssigned").put("principalId", APP_IDENTITY);
    write("sites.json", sites);
    ObjectNode settings = JSON.createObjectNode();
    settings.putArray(site()).addObject().put("name", "FUNCTIONS_WORKER_RUNTIME").put("slotSetting", false)
        .put("value", "java");
    write("appSettings.json", settings);
    write("identities.json", JSON.createArrayNode());
    write("denyAssignments.json", JSON.createObjectNode().set("value", JSON.createArrayNode()));
  }

  private static String site() {
    return "/subscriptions/" + A + "/resourceGroups/rg-a/providers/Microsoft.Web/sites/func-a";
  }

  private ObjectNode grant(String sub, String scope, String principal, String type, String role) {
    String name = String.format("5e0e7a10-0000-4000-8000-%012d", ++assignment);
    ObjectNode row = JSON.createObjectNode().put("id", scope + "/providers/Microsoft.Authorization/roleAssignments/"
        + name).put("name", name).put("type", "Microsoft.Authorization/roleAssignments");
    row.putObject("properties").put("roleDefinitionId", "/subscriptions/" + sub
        + "/providers/Microsoft.Authorization/roleDefinitions/" + role).put("principalId", principal)
        .put("principalType", type).put("scope", scope).put("createdOn", "2026-01-01T00:00:00Z");
    return row;
  }

  private void write(String name, Object json) throws Exception {
    Files.writeString(dir.resolve(name), JSON.writeValueAsString(json));
  }
}
