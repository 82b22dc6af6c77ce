package com.accessauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.support.JsonLines;
import com.accessauditor.support.Resources;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final String snapshot = Resources.path("snapshots/recycled-app").toString();
  private final String baseline = Resources.path("snapshots/recycled-app/baseline.yaml").toString();

  @Test
  void humanOutputGroupsFindingsBySeverityWithTheirFixes() {
    int code = run("sweep", "--snapshot", snapshot, "--baseline", baseline);

    assertThat(code).isZero();
    String text = out.toString();
    assertThat(text).contains("== HIGH (4)").contains("== LOW (3)")
        .contains("Identity of func-orders was recreated: 2 grant(s) left behind on the old principal")
        .contains("az role assignment create --assignee-object-id 0a1b2c3d-0002-4000-8000-00000000a002")
        .contains("7 open finding(s), 7 new or reopened, 0 resolved.");
    assertThat(text.indexOf("== HIGH")).isLessThan(text.indexOf("== LOW"));
    assertThat(err.toString()).contains("/subscriptions/11111111-2222-3333-4444-555555555555: 5 assignment(s)")
        .contains("1 subscription(s) queued").contains("final step of run");
  }

  @Test
  void aBaselineWithAMisspeltRoleOrAnUnknownPrincipalIsAUsageErrorBeforeAnythingIsSwept(@TempDir Path dir)
      throws Exception {
    Path typo = dir.resolve("baseline.yaml");
    Files.writeString(typo, Files.readString(Path.of(baseline)).replace("role: Contributor", "role: Contributer")
        .replace("principal: Platform Ops", "principal: Platfrom Ops"));

    int code = run("sweep", "--snapshot", snapshot, "--baseline", typo.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("assignments[2]: no role named 'Contributer'; did you mean 'Contributor'?")
        .contains("assignments[2]: no user, group or service principal is named 'Platfrom Ops'")
        .contains("nothing was swept");
    assertThat(out.toString()).doesNotContain("UNEXPECTED_ASSIGNMENT").doesNotContain("open finding");
  }

  @Test
  void appsOutsideTheConfiguredSettingsScopesAreSaidOnceAsConfiguredNotAsAnIncompleteSweep() {
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
        java.util.Map.of("AUDITOR_APP_SETTINGS_SCOPES", "none", "COLUMNS", "1000"), "sweep", "--snapshot", snapshot, "--baseline",
        baseline);

    assertThat(code).isZero();
    assertThat(out.toString()).doesNotContain("INCOMPLETE").contains("Not read, as configured:")
        .contains("app settings not listed for 1 app(s) in subscription 11111111-2222-3333-4444-555555555555"
            + " (func-orders): outside AUDITOR_APP_SETTINGS_SCOPES")
        .doesNotContain("IDENTITY_SETTINGS_MISMATCH");
  }

  @Test
  void aSuppressedFindingIsCountedApartAndNeverMakesFailOnExitThree() {
    String pim = Resources.path("snapshots/pim").toString();

    int code = run("sweep", "--snapshot", pim, "--store", "memory", "--fail-on", "critical");

    assertThat(code).isEqualTo(3);
    assertThat(out.toString()).contains("4 open finding(s)").contains("1 suppressed, not counted as open");
    assertThat(err.toString()).contains("exit 3: 1 open finding(s) at or above critical")
        .contains("Jordan Ops").doesNotContain("Dana Admin");
  }

  @Test
  void failOnSaysWhichFindingsMadeItExitThree() {
    assertThat(run("sweep", "--snapshot", snapshot, "--baseline", baseline, "--fail-on", "high")).isEqualTo(3);

    assertThat(err.toString()).contains("exit 3: 4 open finding(s) at or above high (--fail-on):");
    assertThat(err.toString().lines().filter(l -> l.startsWith("  - [")))
        .as("each of them, most severe first, with its fingerprint").hasSize(4)
        .allMatch(l -> l.matches("  - \\[(critical|high)\\] .+  \\([0-9a-f]{32}\\)"));
  }

  @Test
  void failOnHighExitsThreeAndFailOnCriticalDoesNot() {
    assertThat(run("sweep", "--snapshot", snapshot, "--baseline", baseline, "--fail-on", "high")).isEqualTo(3);
    assertThat(run("sweep", "--snapshot", snapshot, "--baseline", baseline, "--fail-on", "critical")).isZero();
  }

  @Test
  void jsonOutputIsOneFindingPerLineAndASummary() throws Exception {
    int code = run("sweep", "--snapshot", snapshot, "--baseline", baseline, "--output", "json");

    assertThat(code).isZero();
    assertThat(lines("finding")).hasSize(7).allSatisfy(f -> {
      assertThat(f.get("kind").asText()).isNotBlank();
      assertThat(f.get("severity").asText()).isIn("high", "low");
      assertThat(f.has("principalId") && f.has("scope") && f.has("title") && f.has("remediation")).isTrue();
    });
    assertThat(lines("summary")).singleElement().satisfies(s -> {
      assertThat(s.get("open").asInt()).isEqualTo(7);
      assertThat(s.get("complete").asBoolean()).isTrue();
    });
  }

  @Test
  void aBrokenBaselineExitsTwoNamingTheEntry(@TempDir Path dir) throws Exception {
    Path bad = Files.writeString(dir.resolve("baseline.yaml"), "assignments:\n  - {principal: x, scope: /s}\n");

    assertThat(run("sweep", "--snapshot", snapshot, "--baseline", bad.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("baseline.yaml").contains("assignments[0]: 'role' is required");
  }

  @Test
  void anUnreadableSnapshotFileIsNamedAndTheSweepReportsWhatItCouldNotRead(@TempDir Path dir) throws Exception {
    for (String name : List.of("roleAssignments.json", "roleDefinitions.json", "sites.json", "appSettings.json",
        "identities.json", "deletedPrincipals.json")) {
      Files.copy(Resources.path("snapshots/recycled-app/" + name), dir.resolve(name));
    }
    Files.writeString(dir.resolve("principals.json"), "{\"value\": [");

    int code = run("sweep", "--snapshot", dir.toString(), "--baseline", baseline);

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("principals.json: not valid JSON");
    assertThat(out.toString()).contains("INCOMPLETE SWEEP").contains("RECYCLED_IDENTITY")
        .doesNotContain("ORPHANED_ASSIGNMENT");
  }

  @Test
  void withoutScopesOrASnapshotItSaysWhatToGive() {
    assertThat(run("sweep", "--snapshot", Resources.path("snapshots").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("nothing to sweep").contains("--scope");
  }

  /** A subscription where 1,200 users each hold Owner: more findings than a run's report keeps. */
  private static Path ownersEverywhere(Path dir) throws Exception {
    String sub = "/subscriptions/11111111-2222-3333-4444-555555555555";
    StringBuilder rows = new StringBuilder("[");
    StringBuilder users = new StringBuilder("[");
    for (int i = 0; i < 1_200; i++) {
      String principal = String.format("0a1b2c3d-0000-4000-8000-%012d", i);
      rows.append(i == 0 ? "" : ",").append("{\"id\":\"").append(sub).append("/providers/Microsoft.Authorization/"
          + "roleAssignments/").append(String.format("5e0e7a10-0000-4000-8000-%012d", i)).append("\",\"properties\":"
          + "{\"scope\":\"").append(sub).append("\",\"principalId\":\"").append(principal).append("\","
          + "\"principalType\":\"User\",\"roleDefinitionId\":\"").append(sub).append("/providers/"
          + "Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635\"}}");
      users.append(i == 0 ? "" : ",").append("{\"id\":\"").append(principal).append("\",\"@odata.type\":"
          + "\"#microsoft.graph.user\",\"displayName\":\"User ").append(i).append("\",\"userPrincipalName\":\"u")
          .append(i).append("@contoso.com\"}");
    }
    Files.writeString(dir.resolve("roleAssignments.json"), rows.append("]"));
    Files.writeString(dir.resolve("principals.json"), users.append("]"));
    Files.copy(Path.of(Resources.class.getResource("/roles/builtin-roles.json").toURI()),
        dir.resolve("roleDefinitions.json"));
    for (String empty : List.of("sites.json", "identities.json", "deletedPrincipals.json")) {
      Files.writeString(dir.resolve(empty), "[]");
    }
    return dir;
  }

  @Test
  void aRunWithMoreFindingsThanFitOnAScreenPrintsTheMostSevereAndSaysHowToGetTheRest(@TempDir Path dir)
      throws Exception {
    int code = run("sweep", "--snapshot", ownersEverywhere(dir).toString(), "--no-alerts");

    assertThat(code).isZero();
    String text = out.toString();
    assertThat(text).contains("1200 open finding(s), 1200 new or reopened")
        .containsPattern("\\.\\.\\. and 200 more (critical|high) finding\\(s\\); all are in the findings table:"
            + " access-auditor findings --status open --severity (critical|high), with the same --store");
  }

  @Test
  void jsonLinesOfARunCarryEveryFindingHoweverMany(@TempDir Path dir) throws Exception {
    int code = run("sweep", "--snapshot", ownersEverywhere(dir).toString(), "--no-alerts", "--output", "json",
        "--fail-on", "high");

    assertThat(code).isEqualTo(3);
    assertThat(lines("finding")).hasSize(1_200);
    assertThat(lines("summary")).singleElement().satisfies(s -> assertThat(s.path("open").asInt()).isEqualTo(1_200));
    assertThat(err.toString()).contains("exit 3: 1200 open finding(s) at or above high");
  }

  /** In a terminal too wide to wrap: these tests are of what is said, not of where lines break. */
  private int run(String... args) {
    java.util.Map<String, String> wide = new java.util.HashMap<>(System.getenv());
    wide.put("COLUMNS", "1000");
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), wide, args);
  }

  private List<JsonNode> lines(String type) {
    return JsonLines.ofType(out.toString(), type);
  }


  @Test
  void theSummaryAndAnIncompleteNoticeComeBeforeTheFindings(@TempDir Path dir) throws Exception {
    // The PIM tenant exported without its apps and identities.
    try (var files = Files.list(Resources.path("snapshots/pim"))) {
      for (Path f : files.filter(f -> !f.getFileName().toString().matches("sites.json|identities.json")).toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    int code = run("sweep", "--snapshot", dir.toString());

    assertThat(code).isZero();
    String text = out.toString();
    assertThat(text.indexOf("open finding(s)")).isPositive().isLessThan(text.indexOf("== CRITICAL"));
    assertThat(text.indexOf("INCOMPLETE SWEEP")).isPositive().isLessThan(text.indexOf("== CRITICAL"));
  }

  @Test
  void withAlertsConsoleWhatTheSweepRaisesIsDeliveredToTheTerminalAndAPimActivationPagesNobody() {
    String pim = Resources.path("snapshots/pim").toString();

    assertThat(run("sweep", "--snapshot", pim, "--alerts", "console", "--output", "json")).isZero();

    assertThat(lines("alert")).extracting(a -> a.get("severity").asText() + " " + a.get("headline").asText())
        .containsExactlyInAnyOrder(
            "critical Owner granted to User Jordan Ops at subscription 11111111-2222-3333-4444-555555555555",
            "high Owner eligible through PIM for User Dana Admin at subscription 11111111-2222-3333-4444-555555555555",
            "high User Access Administrator eligible through PIM for User Dana Admin at management group corp");
    assertThat(lines("alert")).allSatisfy(a -> {
      assertThat(a.get("alertKind").asText()).isEqualTo("OPENED");
      assertThat(a.get("fingerprint").asText()).hasSize(32);
      assertThat(a.get("consequences").isArray()).isTrue();
    });
    assertThat(err.toString()).contains("alerts: 3 delivered to this terminal (--alerts console)");
  }

  @Test
  void anAlertsTargetItDoesNotHaveIsBadUsage() {
    assertThat(run("sweep", "--snapshot", snapshot, "--alerts", "pager")).isEqualTo(2);
    assertThat(err.toString()).contains("--alerts must be outbox, console or none, got: pager");
  }
}
