package com.accessauditor.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChangeKindTest {
  @Test
  void classifiesOperationsCaseInsensitively() {
    assertThat(ChangeKind.ofOperation("microsoft.authorization/ROLEASSIGNMENTS/write"))
        .contains(ChangeKind.ROLE_ASSIGNMENT_WRITE);
    assertThat(ChangeKind.ofOperation("Microsoft.Web/sites/delete")).contains(ChangeKind.SITE_DELETE);
    assertThat(ChangeKind.ofOperation("Microsoft.ManagedIdentity/userAssignedIdentities/write"))
        .contains(ChangeKind.USER_ASSIGNED_IDENTITY_WRITE);
  }

  @Test
  void ignoresOperationsItDoesNotAudit() {
    assertThat(ChangeKind.ofOperation("Microsoft.Web/sites/config/write")).isEmpty();
    assertThat(ChangeKind.ofOperation("Microsoft.Storage/storageAccounts/write")).isEmpty();
    assertThat(ChangeKind.ofOperation(null)).isEmpty();
  }

  @Test
  void tellsFailedAndCancelledOperationsFromSuccessfulOnes() {
    assertThat(Outcome.ofEventType("Microsoft.Resources.ResourceWriteFailure")).isEqualTo(Outcome.FAILED);
    assertThat(Outcome.ofEventType("Microsoft.Resources.ResourceDeleteCancel")).isEqualTo(Outcome.CANCELED);
    assertThat(Outcome.ofEventType("Microsoft.Resources.ResourceWriteSuccess")).isEqualTo(Outcome.SUCCEEDED);
  }
}
