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
}
