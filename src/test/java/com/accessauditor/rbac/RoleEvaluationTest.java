package com.accessauditor.rbac;

import static org.assertj.core.api.Assertions.assertThat;

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
    assertThat(RoleEvaluation.grants(role("Owner"), GRANT, ActionKind.CONTROL)).isTrue();
    assertThat(RoleEvaluation.grants(role("Owner"), "microsoft.compute/VIRTUALMACHINES/delete", ActionKind.CONTROL)).isTrue();
    assertThat(RoleEvaluation.grants(role("Owner"), BLOB_READ, ActionKind.DATA)).isFalse();
    assertThat(RoleEvaluation.grants(role("Owner"), GET_SECRET, ActionKind.DATA)).isFalse();
  }

  @Test
  void contributorsWildcardIsCutBackByItsNotActions() {
    RoleDefinition contributor = role("Contributor");

    assertThat(RoleEvaluation.grants(contributor, "Microsoft.Web/sites/write", ActionKind.CONTROL)).isTrue();
    assertThat(RoleEvaluation.grants(contributor, GRANT, ActionKind.CONTROL)).isFalse();
    assertThat(RoleEvaluation.removedBy(contributor, GRANT, ActionKind.CONTROL)).contains("Microsoft.Authorization/*/Write");
    assertThat(RoleEvaluation.removedBy(contributor, "Microsoft.Web/sites/write", ActionKind.CONTROL)).isEmpty();
  }

  @Test
  void readerReadsEverythingOnTheControlPlaneAndWritesNothing() {
    assertThat(RoleEvaluation.grants(role("Reader"), "Microsoft.Storage/storageAccounts/read", ActionKind.CONTROL)).isTrue();
    assertThat(RoleEvaluation.grants(role("Reader"), "Microsoft.Storage/storageAccounts/write", ActionKind.CONTROL)).isFalse();
    assertThat(RoleEvaluation.grants(role("Reader"), BLOB_READ, ActionKind.DATA)).isFalse();
  }

  @Test
  void userAccessAdministratorGrantsRolesButChangesNoResource() {
    assertThat(RoleEvaluation.grants(role("User Access Administrator"), GRANT, ActionKind.CONTROL)).isTrue();
    assertThat(RoleEvaluation.grants(role("User Access Administrator"), "Microsoft.Web/sites/write", ActionKind.CONTROL)).isFalse();
  }

  @Test
  void storageDataRolesGrantTheirDataActionsByLevel() {
    assertThat(RoleEvaluation.grants(role("Storage Blob Data Reader"), BLOB_READ, ActionKind.DATA)).isTrue();
    assertThat(RoleEvaluation.grants(role("Storage Blob Data Reader"), BLOB_WRITE, ActionKind.DATA)).isFalse();
    assertThat(RoleEvaluation.grants(role("Storage Blob Data Contributor"), BLOB_WRITE, ActionKind.DATA)).isTrue();
    assertThat(RoleEvaluation.grants(role("Storage Blob Data Owner"), BLOB_WRITE, ActionKind.DATA)).isTrue();
    assertThat(RoleEvaluation.grants(role("Storage Blob Data Contributor"), BLOB_READ, ActionKind.CONTROL))
        .as("blob reads are DataActions; its Actions only manage containers").isFalse();
    assertThat(RoleEvaluation.grants(role("Storage Queue Data Contributor"), QUEUE_PROCESS, ActionKind.DATA)).isTrue();
    assertThat(RoleEvaluation.grants(role("Storage Queue Data Contributor"), BLOB_READ, ActionKind.DATA)).isFalse();
  }

  @Test
  void keyVaultSecretsUserReadsSecretsAndKeyVaultAdministratorDoesEverythingOnTheDataPlane() {
    assertThat(RoleEvaluation.grants(role("Key Vault Secrets User"), GET_SECRET, ActionKind.DATA)).isTrue();
    assertThat(RoleEvaluation.grants(role("Key Vault Secrets User"), "Microsoft.KeyVault/vaults/secrets/setSecret/action",
        ActionKind.DATA)).isFalse();
    assertThat(RoleEvaluation.grants(role("Key Vault Administrator"), "Microsoft.KeyVault/vaults/keys/delete", ActionKind.DATA))
        .isTrue();
    assertThat(RoleEvaluation.grants(role("Key Vault Administrator"), "Microsoft.KeyVault/vaults/write", ActionKind.CONTROL))
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
        .as("Website Contributor, known since issue 16, is narrower than Contributor")
        .containsExactly("Website Contributor", "Contributor", "Owner");
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
    assertThat(RoleEvaluation.hasDataActionsIn(role("Storage Blob Data Reader"), listKeys)).isTrue();
    assertThat(RoleEvaluation.hasDataActionsIn(role("Key Vault Secrets User"), listKeys)).isFalse();
    assertThat(RoleEvaluation.hasDataActionsIn(role("Owner"), listKeys)).as("Owner has no DataActions").isFalse();
    assertThat(RoleEvaluation.hasDataActionsIn(role("Key Vault Administrator"), "Microsoft.KeyVault/vaults/write")).isTrue();
  }

  private static List<String> names(List<RoleDefinition> roles) {
    return roles.stream().map(RoleDefinition::roleName).toList();
  }
}
