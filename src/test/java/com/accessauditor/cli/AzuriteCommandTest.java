package com.accessauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.local.AzuriteProcess;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class AzuriteCommandTest {
  private final CliRunner cli = new CliRunner();

  @Test
  void itStartsTheLocalTableAndQueueServicesSaysHowToUseThemAndStopsThemAfterwards() throws Exception {
    int table = AzuriteProcess.freePort();
    int queue = AzuriteProcess.freePort();

    int exit = cli.run("azurite", "--port", Integer.toString(table), "--queue-port", Integer.toString(queue),
        "--for", "PT1S");

    assertThat(exit).isZero();
    assertThat(cli.out()).contains("Table service on 127.0.0.1:" + table).contains("Queue service on 127.0.0.1:" + queue)
        .contains("export AZURITE_CONNECTION_STRING='DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;")
        .contains("TableEndpoint=http://127.0.0.1:" + table + "/devstoreaccount1");
    Thread.sleep(500);
    assertThat(listening(table)).as("stopped when the command ends").isFalse();
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
