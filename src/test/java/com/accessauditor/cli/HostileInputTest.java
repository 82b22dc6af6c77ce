package com.accessauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.accessauditor.support.Resources;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an attacker, or an unlucky paste, gives the command line: refused by name, never obeyed. */
class HostileInputTest {
  private static final String STORAGE = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-orders"
      + "/providers/Microsoft.Storage/storageAccounts/stordersdata";
  private static final String APP = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-orders"
      + "/providers/Microsoft.Web/sites/func-orders";
  private final CliRunner cli = new CliRunner();
  private final String snapshot = Resources.path("snapshots/diagnose").toString();

  @Test
  void aFourKilobyteWildcardActionIsAUsageErrorThatNamesTheProblem() {
    String action = "a" + "/*".repeat(2048);

    int exit = cli.run("diagnose", "--snapshot", snapshot, "--principal", "jordan@contoso.com", "--scope", STORAGE,
        "--action", action);

    assertThat(exit).isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains("action is 4097 characters long, over the 512");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void aWildcardOrAnEmptySegmentInTheActionIsNamedWithItsPosition() {
    assertThat(cli.run("diagnose", "--snapshot", snapshot, "--principal", "jordan@contoso.com", "--scope", STORAGE,
        "--action", "Microsoft.Storage/*/read")).isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains("has a wildcard at character 19");
  }

  @Test
  void anErrorFileThatIsADeviceIsRefusedWithoutReadingIt() {
    int exit = cli.run("diagnose", "--snapshot", snapshot, "--principal", "jordan@contoso.com", "--scope", STORAGE,
        "--error-file", "/dev/zero");

    assertThat(exit).isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains("--error-file /dev/zero: is not a regular file (a device or pipe)");
  }

  @Test
  void anErrorFileThatIsAPipeIsRefusedInsteadOfWaitingForever(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("error.fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeThat(mkfifo.waitFor()).as("mkfifo is available").isZero();

    int exit = cli.run("diagnose", "--snapshot", snapshot, "--principal", "jordan@contoso.com", "--scope", STORAGE,
        "--error-file", fifo.toString());

    assertThat(exit).isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains("error.fifo: is not a regular file");
  }

  @Test
  void anErrorFileOverTheLimitIsRefusedWithItsSize(@TempDir Path dir) throws Exception {
    Path big = dir.resolve("huge.txt");
    Files.write(big, new byte[(int) DiagnoseCommand.MAX_ERROR_BYTES + 1]);

    int exit = cli.run("diagnose", "--snapshot", snapshot, "--principal", "jordan@contoso.com", "--scope", STORAGE,
        "--error-file", big.toString());

    assertThat(exit).isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains("huge.txt: is 65537 bytes, over the 65536 this input may be");
  }

  @Test
  void aBaselineThatIsADeviceIsRefusedWithoutReadingIt() {
    int exit = cli.run("sweep", "--snapshot", snapshot, "--no-alerts", "--baseline", "/dev/zero");

    assertThat(exit).isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains("/dev/zero: is not a regular file");
  }

  @Test
  void escapeSequencesAndLineBreaksInADisplayNameAreShownNotObeyed(@TempDir Path dir) throws Exception {
    Path copy = dir.resolve("snapshot");
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(Path.of(snapshot))) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName().toString()));
      }
    }
    String principals = Files.readString(copy.resolve("principals.json"));
    String hostile = new ObjectMapper().writeValueAsString("func-orders\u001b[2J\u001b]0;pwned\u0007\r\nINFO forged");
    Files.writeString(copy.resolve("principals.json"),
        principals.replaceFirst("\"func-orders\"", java.util.regex.Matcher.quoteReplacement(hostile)));

    cli.run("diagnose", "--snapshot", copy.toString(), "--principal", APP, "--scope", STORAGE, "--action",
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read");

    assertThat(cli.out()).contains("func-orders\\u001b[2J\\u001b]0;pwned\\u0007\\r\\nINFO forged")
        .doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\r");
    assertThat(cli.out().lines()).noneMatch(l -> l.startsWith("INFO forged"));
  }

  @Test
  void controlCharactersInATypedPrincipalAreRefused() {
    int exit = cli.run("diagnose", "--snapshot", snapshot, "--principal", "jordan\u001b[2J@contoso.com", "--scope",
        STORAGE, "--action", "Microsoft.Storage/storageAccounts/read");

    assertThat(exit).isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains("principal holds the control character U+001B at character 7")
        .doesNotContain("\u001b");
  }

  @Test
  void aPastedErrorWhoseScopeHoldsALineBreakIsRefusedLikeATypedOne(@TempDir Path dir) throws Exception {
    Path error = dir.resolve("error.txt");
    Files.writeString(error, "The client 'jordan@contoso.com' with object id '3c2d1e0f-1111-4a4a-9b9b-0a0b0c0d0e01'"
        + " does not have authorization to perform action 'Microsoft.Storage/storageAccounts/read' over scope '"
        + STORAGE + "\nINFO forged\u001b[2J' or the scope is invalid.");

    int exit = cli.run("diagnose", "--snapshot", snapshot, "--error-file", error.toString());

    assertThat(exit).isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains("scope holds the control character U+000A").doesNotContain("\u001b");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void aReplayedEventWhoseCallerNameHoldsEscapeSequencesPrintsThemAsEscapes(@TempDir Path dir) throws Exception {
    Path event = dir.resolve("event.json");
    Files.writeString(event, Resources.text("events/roleAssignment_write_owner_at_subscription.json")
        .replace("admin@contoso.com", "admin\\u001b[2J\\u001b]8;;https://evil.example\\u0007@contoso.com\\r\\nOK all clear"));

    int exit = cli.run("replay", "--snapshot", Resources.path("snapshots/owner-grant").toString(), "--no-alerts",
        event.toString());

    assertThat(exit).isZero();
    assertThat(cli.out()).contains("by admin\\u001b[2J\\u001b]8;;https://evil.example\\u0007@contoso.com\\r\\nOK all clear")
        .doesNotContain("\u001b").doesNotContain("\u0007");
    assertThat(cli.out().lines()).noneMatch(l -> l.startsWith("OK all clear"));
  }
}
