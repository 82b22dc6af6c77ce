package com.accessauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every command does with usage it cannot take: exit 2, one clear message, nothing run. */
class CommandLineUsageTest {
  private final CliRunner cli = new CliRunner();

  @Test
  void aMisspeltCommandIsBadUsageThatSaysWhichCommandWasMeant() {
    assertThat(cli.run("sweeep")).isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains("'sweeep'").contains("Did you mean: sweep");
  }

  @Test
  void aSnapshotFolderThatDoesNotExistIsBadUsageBeforeAnythingRuns(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("roleAssignments.json"), "[]");

    for (String command : new String[] {"sweep", "who-can", "diagnose", "replay"}) {
      CliRunner run = new CliRunner();
      int exit = run.run(command, "--snapshot", dir.resolve("nope").toString(), "--scope", "/subscriptions/x",
          "--action", "Microsoft.Web/sites/write", "--principal", "x");
      assertThat(exit).as(command).isEqualTo(Main.BAD_INPUT);
      assertThat(run.err()).as(command).contains("snapshot folder " + dir.resolve("nope") + " does not exist")
          .doesNotContain("nothing to sweep");
      assertThat(run.out()).as(command).isEmpty();
    }
    assertThat(cli.run("sweep", "--snapshot", file.toString())).isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains("is a file, not a folder");
  }

  @Test
  void theTopLevelHelpNamesEveryExitCodeAndEveryCommand() {
    assertThat(cli.run("--help")).isZero();
    assertThat(cli.out()).contains("3   sweep --fail-on").contains("who-can").contains("diagnose").contains("demo");
  }

  @Test
  void aStoreThatCannotBeReachedIsNamedWithHowToStartAzuriteNotWithWhatTheFunctionsDo() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("AZURITE_CONNECTION_STRING") == null,
        "the environment names an Azurite of its own");
    String before = System.getProperty("AZURITE_CONNECTION_STRING");
    // Azurite's well-known development account, on a port nothing listens on.
    System.setProperty("AZURITE_CONNECTION_STRING", "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + "TableEndpoint=http://127.0.0.1:9/devstoreaccount1;");
    try {
      assertThat(cli.run("findings", "--store", "azurite")).isEqualTo(Main.UNAVAILABLE);
    } finally {
      if (before == null) {
        System.clearProperty("AZURITE_CONNECTION_STRING");
      } else {
        System.setProperty("AZURITE_CONNECTION_STRING", before);
      }
    }
    assertThat(cli.err()).contains("the findings table cannot be read").contains("http://127.0.0.1:9/devstoreaccount1")
        .contains("Start Azurite").doesNotContain("Event Grid redelivers");
  }

  @Test
  void everyCommandsHelpFitsOneHundredColumnsAndEndsWithExamplesThatWrapOnlyBeforeAnOption() {
    for (String command : new picocli.CommandLine(new Main()).getSubcommands().keySet()) {
      CliRunner run = CliRunner.inTerminalOf(100);
      assertThat(run.run(command, "--help")).as(command).isZero();
      String help = run.out();
      assertThat(help).as(command + " --help").contains("\nExamples:\n  access-auditor ");
      assertThat(help.lines()).as(command).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(100));
      // A pasted example runs: a line ends with " \\" only where the next one starts with an option.
      List<String> examples = help.substring(help.indexOf("Examples:") + "Examples:".length()).lines()
          .filter(l -> !l.isBlank()).toList();
      for (int i = 0; i < examples.size(); i++) {
        String line = examples.get(i);
        assertThat(line).as(command).matches(i > 0 && examples.get(i - 1).endsWith(" \\")
            ? "      --\\S.*" : "  access-auditor \\S.*");
      }
    }
  }
}
