package com.accessauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.alerts.Alert;
import com.accessauditor.alerts.AlertKind;
import com.accessauditor.azure.StorageAccount;
import com.accessauditor.support.Azurite;
import com.accessauditor.support.Resources;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command line runs the functions' app: findings it opens in Table Storage put their alerts in the
 * same outbox the alert timer delivers from, for the channels the app settings name.
 */
class CommandLineAlertsIT {
  private static final Map<String, String> SETTINGS = Map.of(
      "AUDITOR_ALERT_TEAMS_URL", "https://contoso.webhook.office.com/webhookb2/abc",
      "AUDITOR_ALERT_MIN_SEVERITY", "high");
  private final String snapshot = Resources.path("snapshots/recycled-app").toString();
  private final String baseline = Resources.path("snapshots/recycled-app/baseline.yaml").toString();
  private StorageAccount tables;

  @BeforeEach
  void emptyAccount() {
    tables = Azurite.emptyAccount();
    System.setProperty("AZURITE_CONNECTION_STRING", Azurite.connectionString());
  }

  @AfterEach
  void forget() {
    System.clearProperty("AZURITE_CONNECTION_STRING");
  }

  @Test
  void aSweepFromTheCommandLineQueuesItsAlertsForTheConfiguredChannelsAndSaysSo() {
    CliRunner cli = new CliRunner();

    int code = cli.run(SETTINGS, "sweep", "--snapshot", snapshot, "--baseline", baseline, "--store", "azurite");

    assertThat(code).isZero();
    assertThat(tables.alerts().list()).isNotEmpty()
        .allSatisfy(a -> {
          assertThat(a.channel()).isEqualTo("teams");
          assertThat(a.kind()).isEqualTo(AlertKind.OPENED);
          assertThat(a.status()).isEqualTo(Alert.Status.PENDING);
        });
    assertThat(cli.err()).contains("alerts: " + tables.alerts().list().size() + " queued in the outbox for teams")
        .contains("deliverAlerts");

    CliRunner again = new CliRunner();
    again.run(SETTINGS, "sweep", "--snapshot", snapshot, "--baseline", baseline, "--store", "azurite");
    assertThat(again.err()).as("a second sweep of the same tenant pages nobody again")
        .contains("alerts: 0 queued");
  }

  @Test
  void noAlertsIsExplicitAndQueuesNothing() {
    CliRunner cli = new CliRunner();

    int code = cli.run(SETTINGS, "replay", "--no-alerts", "--store", "azurite", "--snapshot",
        Resources.path("snapshots/owner-grant").toString(),
        Resources.path("events/roleAssignment_write_owner_at_subscription.json").toString());

    assertThat(code).isZero();
    assertThat(tables.findings().list()).isNotEmpty();
    assertThat(tables.alerts().list()).isEmpty();
    assertThat(cli.err()).contains("alerts: off (--no-alerts)");
  }

  @Test
  void aMalformedAlertSettingIsAUsageErrorThatDoesNotShowItsValue() {
    CliRunner cli = new CliRunner();

    int code = cli.run(Map.of("AUDITOR_ALERT_SLACK_URL", "http://hooks.example/secret-token"), "replay",
        "--store", "azurite", Resources.path("events/roleAssignment_write_owner_at_subscription.json").toString());

    assertThat(code).isEqualTo(2);
    assertThat(cli.err()).contains("AUDITOR_ALERT_SLACK_URL").doesNotContain("secret-token");
  }
}
