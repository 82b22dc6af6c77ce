package com.accessauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.support.Azurite;
import com.accessauditor.support.Resources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `findings` as security reads it in a terminal, against the table a sweep wrote (Azurite). */
class FindingsCommandIT {
  private final String snapshot = Resources.path("snapshots/recycled-app").toString();

  @BeforeEach
  void sweptIntoTheTable() {
    Azurite.emptyAccount();
    System.setProperty("AZURITE_CONNECTION_STRING", Azurite.connectionString());
    assertThat(new CliRunner().run("sweep", "--snapshot", snapshot, "--baseline", snapshot + "/baseline.yaml",
        "--store", "azurite", "--no-alerts")).isZero();
  }

  @AfterEach
  void forget() {
    System.clearProperty("AZURITE_CONNECTION_STRING");
  }

  @Test
  void theTableFitsOneHundredColumnsWithItsHeaderAndTheJsonKeepsEveryIdWhole() {
    CliRunner text = CliRunner.inTerminalOf(100);
    CliRunner json = CliRunner.inTerminalOf(100);

    assertThat(text.run("findings", "--store", "azurite")).isZero();
    assertThat(json.run("findings", "--store", "azurite", "--output", "json")).isZero();

    assertThat(text.out().lines().toList().get(0)).matches("\\d+ finding\\(s\\): \\d+ open, .*");
    assertThat(text.out()).contains("SEVERITY STATUS     KIND").contains("RECYCLED_IDENTITY");
    assertThat(TerminalWidthTest.proseOver(100, text.out() + text.err())).isEmpty();
    assertThat(text.out()).doesNotContain("/subscriptions/");
    assertThat(json.out()).contains("\"scope\":\"/subscriptions/").doesNotContain("…");
  }

  @Test
  void groupedTheRecycleHasWhatFollowsFromItUnderIt() {
    CliRunner cli = CliRunner.inTerminalOf(100);

    assertThat(cli.run("findings", "--store", "azurite", "--group")).isZero();

    String out = cli.out();
    int root = out.indexOf("RECYCLED_IDENTITY");
    assertThat(root).isPositive();
    assertThat(out.substring(root)).contains("└ ").containsPattern("└ \\S+ +open +MISSING_ASSIGNMENT");
    assertThat(TerminalWidthTest.proseOver(100, out)).isEmpty();
  }
}
