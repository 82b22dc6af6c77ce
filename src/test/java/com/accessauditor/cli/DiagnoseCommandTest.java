package com.accessauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.support.Resources;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnoseCommandTest {
  private static final String RG = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-orders";
  private static final String STORAGE = RG + "/providers/Microsoft.Storage/storageAccounts/stordersdata";
  private static final String APP = RG + "/providers/Microsoft.Web/sites/func-orders";
  private final CliRunner cli = new CliRunner();
  private final String snapshot = Resources.path("snapshots/diagnose").toString();

  @Test
  void aPastedStorage403OfTheRecycledAppPrintsTheRecycleAndTheCommandsAndExitsDenied(@TempDir Path dir)
      throws Exception {
    Path error = dir.resolve("error.xml");
    Files.writeString(error, new ObjectMapper().readTree(Resources.text(
        "samples/error_storage_AuthorizationPermissionMismatch_real.json")).path("body_xml").asText());

    int exit = cli.run("diagnose", "--snapshot", snapshot, "--principal", APP, "--scope", STORAGE,
        "--error-file", error.toString());

    assertThat(exit).isEqualTo(Main.FINDINGS);
    assertThat(cli.out()).startsWith("DENIED: func-orders (managed identity 0a1b2c3d-0002-4000-8000-00000000a002)")
        .contains("[recycled identity] func-orders's identity was recreated")
        .contains("Fix:\n  # Re-grant the old identity's roles to the new one:\n  az role assignment create"
            + " --assignee-object-id 0a1b2c3d-0002-4000-8000-00000000a002");
  }

  @Test
  void aKeyVault403FromAnotherTenantSaysWhichTenantIssuedItAndHowToAskThere(@TempDir Path dir) throws Exception {
    Path error = dir.resolve("kv-403.json");
    Files.writeString(error, new ObjectMapper().readTree(Resources.text(
        "samples/error_keyvault_ForbiddenByRbac_real.json")).path("body").toString());

    cli.run("diagnose", "--snapshot", snapshot, "--error-file", error.toString());

    assertThat(cli.out()).contains("[principal deleted] Principal 5fde8331-374a-4550-b1fa-b2bc8eb86a7c")
        .contains("The error's token was issued by tenant da427fed-0866-4706-809a-9d39896ddf3d")
        .contains("\n  az login --tenant da427fed-0866-4706-809a-9d39896ddf3d\n");
  }

  @Test
  void anOutputFormatTheCommandDoesNotHaveIsAUsageErrorThatListsTheFormats() {
    int exit = cli.run("diagnose", "--snapshot", snapshot, "--principal", "jordan@contoso.com", "--scope", STORAGE,
        "--action", "Microsoft.Storage/storageAccounts/read", "--output", "xml");

    assertThat(exit).isEqualTo(2);
    assertThat(cli.err()).contains("--output must be text or json, got: xml");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void jsonOutputCarriesTheVerdictReasonsAndCommands() throws Exception {
    int exit = cli.run("diagnose", "--snapshot", snapshot, "--principal", "jordan@contoso.com", "--scope", STORAGE,
        "--action", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read", "--output", "json");

    JsonNode json = new ObjectMapper().readTree(cli.out());
    assertThat(exit).isEqualTo(Main.FINDINGS);
    assertThat(json.path("verdict").asText()).isEqualTo("DENIED");
    assertThat(json.path("actionKind").asText()).isEqualTo("data");
    assertThat(json.path("reasons").get(0).path("kind").asText()).isEqualTo("WRONG_PLANE");
    assertThat(json.path("commands").get(0).asText()).contains("--role 'Storage Blob Data Reader'");
  }

  @Test
  void anAllowedRequestExitsZero() {
    assertThat(cli.run("diagnose", "--snapshot", snapshot, "--principal", "Casey Analyst", "--scope", STORAGE,
        "--action", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read")).isEqualTo(Main.OK);
    assertThat(cli.out()).startsWith("ALLOWED: Casey Analyst");
  }

  @Test
  void aStorageErrorWithoutAScopeIsRefusedSayingWhatToGive() {
    int exit = cli.run("diagnose", "--snapshot", snapshot, "--principal", APP, "--error",
        "<Error><Code>AuthorizationPermissionMismatch</Code></Error>");

    assertThat(exit).isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains("does not name the resource: give the scope");
  }

  @Test
  void anUnreadableErrorFileIsNamed() {
    assertThat(cli.run("diagnose", "--snapshot", snapshot, "--error-file", "/no/such/403.txt"))
        .isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains("/no/such/403.txt");
  }

  @Test
  void aWorkspaceNameInsteadOfItsIdIsRefusedBeforeAnythingIsAsked() {
    int exit = cli.run("diagnose", "--snapshot", snapshot, "--logs-workspace", "law-prod'|union *",
        "--principal", APP, "--scope", STORAGE, "--action", "Microsoft.Storage/storageAccounts/read");

    assertThat(exit).isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains("--logs-workspace").contains("must be a GUID");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void aStoreThatIsNeitherAzuriteNorAnHttpsUrlIsRefusedNamingIt() {
    int exit = cli.run("diagnose", "--snapshot", snapshot, "--store", "http://tables.example.com",
        "--principal", APP, "--scope", STORAGE, "--action", "Microsoft.Storage/storageAccounts/read");

    assertThat(exit).isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains("--store").contains("http://tables.example.com");
  }
}
