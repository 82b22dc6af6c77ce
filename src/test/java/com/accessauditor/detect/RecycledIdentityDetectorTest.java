package com.accessauditor.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.Severity;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecycledIdentityDetectorTest {
  private static final Scope SITE = Scope.parse("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/func");
  private static final PrincipalId OLD = PrincipalId.parse("5e0c0a1d-2b3c-4d5e-8f90-a1b2c3d4e5f6");
  private static final PrincipalId NEW = PrincipalId.parse("9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d");

  @Test
  void listsTheOldGrantsAndTheCommandsThatMoveThemToTheNewPrincipal() {
    String scope = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st";
    RoleAssignment old = new RoleAssignment(scope + "/providers/Microsoft.Authorization/roleAssignments/a1",
        Scope.parse(scope), OLD, "ServicePrincipal",
        "/subscriptions/s1/providers/Microsoft.Authorization/roleDefinitions/b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
        Optional.empty(), Optional.empty(), Optional.empty());
    KnownAssignment known = new KnownAssignment(old.id(), old.scope(), Optional.of(old), "Storage Blob Data Owner",
        Instant.EPOCH, false, "e1");

    FindingDraft d = new RecycledIdentityDetector().inspect(
        new IdentityRecycle(SITE, OLD, NEW, List.of(known), FindingDraft.Source.EVENT, Optional.of("e2")))
        .orElseThrow();

    assertThat(d.severity()).isEqualTo(Severity.HIGH);
    assertThat(d.detail()).contains("Storage Blob Data Owner at " + scope);
    assertThat(d.remediation())
        .contains("az role assignment create --assignee-object-id " + NEW
            + " --assignee-principal-type ServicePrincipal --role b7e6dc6d-f1e8-4753-8033-0f276bb0955b --scope " + scope)
        .contains("az role assignment delete --ids " + old.id());
  }

  @Test
  void anUnchangedPrincipalIsNoRecycle() {
    assertThat(new RecycledIdentityDetector().inspect(
        new IdentityRecycle(SITE, OLD, OLD, List.of(), FindingDraft.Source.EVENT, Optional.empty()))).isEmpty();
  }

  @Test
  void quotesValuesThatAShellWouldSplit() {
    assertThat(AzCommand.quote("/subscriptions/s1/resourceGroups/my rg")).isEqualTo("'/subscriptions/s1/resourceGroups/my rg'");
    assertThat(AzCommand.quote("it's")).isEqualTo("'it'\\''s'");
  }
}
