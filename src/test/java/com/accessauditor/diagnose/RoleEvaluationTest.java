package com.accessauditor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.model.ActionKind;
import com.accessauditor.model.RoleDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Role evaluation against the real built-in definitions (Actions, NotActions, DataActions as Azure ships them). */
class RoleEvaluationTest {
  private static final String BLOB_READ = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read";
  private static final String BLOB_WRITE = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write";
  private static final String QUEUE_PROCESS = "Microsoft.Storage/storageAccounts/queueServices/queues/messages/process/action";
  private static final String GET_SECRET = "Microsoft.KeyVault/vaults/secrets/getSecret/action";
  private static final String GRANT = "Microsoft.Authorization/roleAssignments/write";

  private static RoleDefinition role(String name) {
    return RoleCatalogue.builtIns().stream().filter(d -> d.roleName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void ownerGrantsEveryControlPlaneActionAndNoDataAction() {
    assertThat(role("Owner").grants(GRANT, ActionKind.CONTROL)).isTrue();
    assertThat(role("Owner").grants("microsoft.compute/VIRTUALMACHINES/delete", ActionKind.CONTROL)).isTrue();
    assertThat(role("Owner").grants(BLOB_READ, ActionKind.DATA)).isFalse();
    assertThat(role("Owner").grants(GET_SECRET, ActionKind.DATA)).isFalse();
  }

  @Test
  void contributorsWildcardIsCutBackByItsNotActions() {
    RoleDefinition contributor = role("Contributor");

    assertThat(contributor.grants("Microsoft.Web/sites/write", ActionKind.CONTROL)).isTrue();
    assertThat(contributor.grants(GRANT, ActionKind.CONTROL)).isFalse();
    assertThat(contributor.removedBy(GRANT, ActionKind.CONTROL)).contains("Microsoft.Authorization/*/Write");
    assertThat(contributor.removedBy("Microsoft.Web/sites/write", ActionKind.CONTROL)).isEmpty();
  }

  @Test
  void readerReadsEverythingOnTheControlPlaneAndWritesNothing() {
    assertThat(role("Reader").grants("Microsoft.Storage/storageAccounts/read", ActionKind.CONTROL)).isTrue();
    assertThat(role("Reader").grants("Microsoft.Storage/storageAccounts/write", ActionKind.CONTROL)).isFalse();
    assertThat(role("Reader").grants(BLOB_READ, ActionKind.DATA)).isFalse();
  }

  @Test
  void userAccessAdministratorGrantsRolesButChangesNoResource() {
    assertThat(role("User Access Administrator").grants(GRANT, ActionKind.CONTROL)).isTrue();
    assertThat(role("User Access Administrator").grants("Microsoft.Web/sites/write", ActionKind.CONTROL)).isFalse();
  }

  @Test
  void storageDataRolesGrantTheirDataActionsByLevel() {
    assertThat(role("Storage Blob Data Reader").grants(BLOB_READ, ActionKind.DATA)).isTrue();
    assertThat(role("Storage Blob Data Reader").grants(BLOB_WRITE, ActionKind.DATA)).isFalse();
    assertThat(role("Storage Blob Data Contributor").grants(BLOB_WRITE, ActionKind.DATA)).isTrue();
    assertThat(role("Storage Blob Data Owner").grants(BLOB_WRITE, ActionKind.DATA)).isTrue();
    assertThat(role("Storage Blob Data Contributor").grants(BLOB_READ, ActionKind.CONTROL))
        .as("blob reads are DataActions; its Actions only manage containers").isFalse();
    assertThat(role("Storage Queue Data Contributor").grants(QUEUE_PROCESS, ActionKind.DATA)).isTrue();
    assertThat(role("Storage Queue Data Contributor").grants(BLOB_READ, ActionKind.DATA)).isFalse();
  }

  @Test
  void keyVaultSecretsUserReadsSecretsAndKeyVaultAdministratorDoesEverythingOnTheDataPlane() {
    assertThat(role("Key Vault Secrets User").grants(GET_SECRET, ActionKind.DATA)).isTrue();
    assertThat(role("Key Vault Secrets User").grants("Microsoft.KeyVault/vaults/secrets/setSecret/action",
        ActionKind.DATA)).isFalse();
    assertThat(role("Key Vault Administrator").grants("Microsoft.KeyVault/vaults/keys/delete", ActionKind.DATA))
        .isTrue();
    assertThat(role("Key Vault Administrator").grants("Microsoft.KeyVault/vaults/write", ActionKind.CONTROL))
        .as("a data-plane administrator cannot change the vault resource").isFalse();
  }

  @Test
  void theLeastPrivilegedRoleThatGrantsAnActionComesFirst() {
    assertThat(names(RoleCatalogue.granting(BLOB_READ, ActionKind.DATA, List.of())))
        .startsWith("Storage Blob Data Reader", "Storage Blob Data Contributor", "Storage Blob Data Owner");
    assertThat(names(RoleCatalogue.granting(GET_SECRET, ActionKind.DATA, List.of())).get(0))
        .isEqualTo("Key Vault Secrets User");
    assertThat(names(RoleCatalogue.granting(GRANT, ActionKind.CONTROL, List.of())))
        .containsSubsequence("Role Based Access Control Administrator", "User Access Administrator", "Owner");
    assertThat(names(RoleCatalogue.granting("Microsoft.Web/sites/read", ActionKind.CONTROL, List.of())).get(0))
        .isEqualTo("Reader");
    assertThat(names(RoleCatalogue.granting("Microsoft.Web/sites/write", ActionKind.CONTROL, List.of())))
        .containsExactly("Contributor", "Owner");
  }

  @Test
  void typedInActionsAreTakenForDataActionsByTheirShape() {
    assertThat(ActionKind.infer(BLOB_READ)).isEqualTo(ActionKind.DATA);
    assertThat(ActionKind.infer(GET_SECRET)).isEqualTo(ActionKind.DATA);
    assertThat(ActionKind.infer("Microsoft.KeyVault/vaults/secrets/read")).as("the ARM secret resource")
        .isEqualTo(ActionKind.CONTROL);
    assertThat(ActionKind.infer("Microsoft.Storage/storageAccounts/blobServices/containers/read"))
        .isEqualTo(ActionKind.CONTROL);
  }

  @Test
  void aDataRoleIsRecognisedAsOneForItsOwnServiceOnly() {
    String listKeys = "Microsoft.Storage/storageAccounts/listKeys/action";
    assertThat(role("Storage Blob Data Reader").hasDataActionsIn(listKeys)).isTrue();
    assertThat(role("Key Vault Secrets User").hasDataActionsIn(listKeys)).isFalse();
    assertThat(role("Owner").hasDataActionsIn(listKeys)).as("Owner has no DataActions").isFalse();
    assertThat(role("Key Vault Administrator").hasDataActionsIn("Microsoft.KeyVault/vaults/write")).isTrue();
  }

  private static List<String> names(List<RoleDefinition> roles) {
    return roles.stream().map(RoleDefinition::roleName).toList();
  }
}
