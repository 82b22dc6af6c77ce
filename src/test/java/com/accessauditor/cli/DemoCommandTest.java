package com.accessauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo is what a new user sees first: one alert per problem, a resolved notice, nothing twice, a diagnosis. */
class DemoCommandTest {
  @Test
  void theDemoAlertsOncePerProblemSendsAResolvedNoticeAddsNothingOnRedeliveryAndExplainsThe403() {
    CliRunner cli = new CliRunner();

    int exit = cli.run("demo", "--store", "memory");

    assertThat(exit).isEqualTo(Main.OK);
    List<String> alerts = Arrays.stream(cli.out().split("\n")).filter(l -> l.startsWith("  ALERT ")).toList();
    assertThat(alerts).doesNotHaveDuplicates();
    assertThat(alerts).contains("  ALERT [critical] Resolved: Owner granted to User Jordan Ops at subscription"
        + " 11111111-2222-3333-4444-555555555555");
    assertThat(cli.out()).contains("9 events recognised as already recorded")
        .contains("(alert outbox: 0 alert(s) delivered to the console channel)")
        .contains("DENIED: func-orders (managed identity 9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d)")
        .contains("[recycled identity] func-orders's identity was recreated")
        .contains("az role assignment create --assignee-object-id 9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d");
  }

  @Test
  void withKeepAzuriteStaysUpWithWhatTheDemoWroteAndTheCommandsToTryFindIt() throws Exception {
    int table = com.accessauditor.local.AzuriteProcess.freePort();
    int queue = com.accessauditor.local.AzuriteProcess.freePort();
    CliRunner cli = new CliRunner();
    List<String> found = new java.util.ArrayList<>();
    Thread asker = new Thread(() -> {
      // While the demo keeps Azurite up: the findings table answers with what it wrote.
      for (int i = 0; i < 200 && found.isEmpty(); i++) {
        try {
          Thread.sleep(100);
          if (cli.out().contains("In another terminal, try:")) {
            var tables = com.accessauditor.app.Stores.of(com.accessauditor.azure.StorageAccount.withConnectionString(
                "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1"
                    + "OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:" + table
                    + "/devstoreaccount1;QueueEndpoint=http://127.0.0.1:" + queue + "/devstoreaccount1;"));
            tables.findings().list().forEach(f -> found.add(f.kind().name()));
          }
        } catch (InterruptedException | RuntimeException e) {
          return;
        }
      }
    });
    asker.start();

    int exit = cli.run("demo", "--keep", "--port", Integer.toString(table), "--queue-port", Integer.toString(queue),
        "--for", "PT8S");
    asker.join();

    assertThat(exit).isEqualTo(Main.OK);
    assertThat(cli.out()).contains("Azurite keeps running (Table 127.0.0.1:" + table)
        .contains("findings --store azurite --severity high").contains("who-can --snapshot ")
        .contains("diagnose --snapshot ");
    assertThat(found).as("the findings the demo wrote, read while it kept Azurite up").contains("RECYCLED_IDENTITY");
  }

  @Test
  void keepWithoutAzuriteIsBadUsage() {
    CliRunner cli = new CliRunner();

    assertThat(cli.run("demo", "--keep", "--store", "memory")).isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains("--keep keeps Azurite running: it needs --store azurite");
  }
}
