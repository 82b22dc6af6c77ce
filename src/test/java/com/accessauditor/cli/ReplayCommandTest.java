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

class ReplayCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final String snapshot = Resources.path("snapshots/owner-grant").toString();
  private final String event = Resources.path("events/roleAssignment_write_owner_at_subscription.json").toString();

  @Test
  void replayingTheOwnerGrantPrintsACriticalPrivilegedGrantAsJson() throws Exception {
    int code = run("replay", "--snapshot", snapshot, "--output", "json", event);

    assertThat(code).isZero();
    List<JsonNode> findings = lines("finding");
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.get("kind").asText()).isEqualTo("PRIVILEGED_GRANT");
      assertThat(f.get("severity").asText()).isEqualTo("critical");
      assertThat(f.get("principalId").asText()).isEqualTo("3c2d1e0f-1111-4a4a-9b9b-0a0b0c0d0e01");
      assertThat(f.get("scope").asText()).isEqualTo("/subscriptions/11111111-2222-3333-4444-555555555555");
      assertThat(f.get("title").asText()).contains("Owner");
    });
  }

  @Test
  void replayingTheSameFileTwiceAddsNothing() throws Exception {
    int code = run("replay", "--snapshot", snapshot, "--output", "json", event, event);

    assertThat(code).isZero();
    assertThat(lines("event")).extracting(e -> e.get("status").asText()).containsExactly("RECORDED", "DUPLICATE");
    assertThat(lines("finding")).hasSize(1);
  }

  @Test
  void anUnreadableFileAndABrokenEventExitTwoAfterTheGoodOnesAreProcessed(@TempDir Path dir) throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.json"), "[{\"id\":\"b1\",\"eventType\":");

    int code = run("replay", "--snapshot", snapshot, dir.resolve("missing.json").toString(), broken.toString(), event);

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("missing.json: cannot be read").contains("broken.json: event 1: not valid JSON");
    assertThat(out.toString()).contains("RECORDED").contains("PRIVILEGED_GRANT");
  }

  @Test
  void aBadSnapshotFileIsNamedWithItsProblem(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("roleAssignments.json"), "{\"value\": [{\"id\": \"/subscriptions/s\"}]}");

    int code = run("replay", "--snapshot", dir.toString(), event);

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("roleAssignments.json: item 1: missing 'principalId'");
  }

  @Test
  void unknownOptionsAreBadUsage() {
    assertThat(run("replay", "--store", "ftp://x", event)).isEqualTo(2);
    assertThat(err.toString()).contains("--store must be memory, azurite or an https table service URL");
  }

  private int run(String... args) {
    java.util.Map<String, String> wide = new java.util.HashMap<>(System.getenv());
    wide.put("COLUMNS", "1000"); // these tests are of what is said, not of where lines break
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), wide, args);
  }

  private List<JsonNode> lines(String type) {
    return JsonLines.ofType(out.toString(), type);
  }

}
