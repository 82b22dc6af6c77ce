package com.accessauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.support.JsonLines;
import com.accessauditor.support.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhoCanCommandTest {
  private static final String PROD = "/subscriptions/bbbbbbbb-2222-4000-8000-00000000000b";
  private static final String GRANT = "Microsoft.Authorization/roleAssignments/write";
  private final CliRunner cli = new CliRunner();
  private final String snapshot = Resources.path("snapshots/escalation").toString();

  @Test
  void theTableSaysHowEachPrincipalIsAllowedAndFitsOneHundredColumns() {
    int exit = cli.run("who-can", "--snapshot", snapshot, "--scope", PROD, "--action", GRANT, "--include-paths");

    assertThat(exit).isZero();
    assertThat(cli.out()).startsWith("Who can " + GRANT + " (control plane) at subscription")
        .contains("identity   user             Alice Dev (5a5b…0011)")
        .contains("member of group web-devs")
        .contains("direct     managedIdentity  func-deploy (5a5b…0001)");
    assertThat(cli.out().lines()).as("prose and rows fit; only a URL too long for a line stays whole")
        .allSatisfy(l -> assertThat(l.length() <= 100 || !l.strip().contains(" ")).as(l).isTrue());
  }

  @Test
  void jsonIsOneObjectPerPrincipalAndASummary() {
    int exit = cli.run("who-can", "--snapshot", snapshot, "--scope", PROD, "--action", GRANT, "--output", "json");

    assertThat(exit).isZero();
    assertThat(JsonLines.ofType(cli.out(), "principal")).singleElement().satisfies(p -> {
      assertThat(p.get("principalName").asText()).isEqualTo("func-deploy");
      assertThat(p.get("principalType").asText()).isEqualTo("managedIdentity");
      assertThat(p.get("how").asText()).isEqualTo("direct");
    });
    assertThat(JsonLines.ofType(cli.out(), "summary")).singleElement()
        .satisfies(s -> assertThat(s.get("complete").asBoolean()).isTrue());
  }

  @Test
  void aSnapshotWhoseGroupMembersAreNotExportedAnswersWithTheGapAndExitsOne(@TempDir Path dir) throws Exception {
    try (var files = Files.list(Path.of(snapshot))) {
      for (Path f : files.filter(f -> !f.getFileName().toString().equals("groupMembers.json")).toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }

    int exit = cli.run("who-can", "--snapshot", dir.toString(), "--scope", PROD, "--action", GRANT, "--include-paths");

    assertThat(exit).isEqualTo(Main.UNAVAILABLE);
    assertThat(cli.out()).contains("INCOMPLETE").contains("members of group").contains("groupMembers.json")
        .contains("web-devs (5a5b…0010)");
  }

  @Test
  void aScopeOutsideTheSnapshotIsAnIncompleteAnswerThatExitsOneNotNobody() {
    CliRunner cli = new CliRunner();

    int exit = cli.run("who-can", "--snapshot", snapshot, "--scope", "/subscriptions/22222222-3333-4444-5555-666666666666",
        "--action", GRANT);

    assertThat(exit).as(cli.out() + cli.err()).isEqualTo(Main.UNAVAILABLE);
    assertThat(cli.out().replaceAll("\\s+", " ")).contains("INCOMPLETE")
        .contains("the snapshot holds nothing of subscription").contains("export that subscription too");
  }

  @Test
  void anOutputItDoesNotHaveOrAWildcardActionIsAUsageError() {
    assertThat(cli.run("who-can", "--snapshot", snapshot, "--scope", PROD, "--action", GRANT, "--output", "xml"))
        .isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains("table").contains("csv");
    assertThat(cli.run("who-can", "--snapshot", snapshot, "--scope", PROD, "--action", "Microsoft.Web/*"))
        .isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains("wildcard");
  }
}
