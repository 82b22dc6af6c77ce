package com.accessauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.azure.StorageAccount;
import com.accessauditor.events.PoisonEvent;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.support.Azurite;
import com.accessauditor.support.Resources;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `replay --poison` against the poison table in Azurite. */
class PoisonReplayIT {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
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
  void aKeptEventThatIsNowHandledIsRecordedAndLeavesThePoisonTableWhileABrokenOneStays() {
    String good = Resources.text("events/roleAssignment_write_owner_at_subscription.json");
    tables.poison().put(new PoisonEvent("r-good", Instant.parse("2026-11-20T10:00:00Z"),
        "6d1f0a8e-3b4c-4f2a-9e7d-0c1b2a3d4e5f", "eventgrid", "handler error: look-up timed out", good, false));
    tables.poison().put(new PoisonEvent("r-bad", Instant.parse("2026-11-20T10:05:00Z"), "bad-1", "eventgrid",
        "not valid JSON", "{\"id\":\"bad-1\",", false));

    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "replay", "--poison", "--store",
        "azurite", "--snapshot", Resources.path("snapshots/owner-grant").toString());

    assertThat(code).as("one event still fails").isEqualTo(2);
    assertThat(out.toString()).contains("RECORDED").contains("PRIVILEGED_GRANT");
    assertThat(err.toString()).contains("r-bad").contains("still fails");
    assertThat(tables.poison().list()).extracting(PoisonEvent::eventId).containsExactly("bad-1");
    assertThat(tables.findings().list()).extracting(f -> f.kind()).containsExactly(FindingKind.PRIVILEGED_GRANT);
  }

  @Test
  void withoutFilesOrPoisonTheCommandSaysWhatToGive() {
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "replay");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--poison");
  }
}
