package com.accessauditor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.accessauditor.rbac.ActionKind;
import com.accessauditor.support.Resources;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PastedErrorTest {
  private static JsonNode sample(String name) throws Exception {
    return new ObjectMapper().readTree(Resources.text("samples/" + name));
  }

  @Test
  void armAuthorizationFailedGivesTheCallerTheActionAndTheScope() throws Exception {
    String message = sample("error_arm_AuthorizationFailed_real.json").path("example_message_from_quickstart_templates_PR_9003")
        .asText();

    PastedError e = PastedError.parse(message);

    assertThat(e.service()).isEqualTo(PastedError.Service.ARM);
    assertThat(e.objectId()).hasValueSatisfying(id -> assertThat(id.value())
        .isEqualTo("cdba50f2-9a94-471c-a12f-ae3ac06b2cfb"));
    assertThat(e.action()).contains("Microsoft.Resources/deployments/validate/action");
    assertThat(e.scope()).hasValueSatisfying(s -> assertThat(s.value()).endsWith("/deployments/prereq-deployment"));
    assertThat(e.kind()).isEqualTo(ActionKind.CONTROL);
  }

  @Test
  void aMaskedArmMessageStillGivesTheActionButNoPrincipalOrScope() throws Exception {
    String body = sample("error_arm_AuthorizationFailed_real.json").path("example_http_403_body_from_issue_AZ-304_63")
        .toString();

    PastedError e = PastedError.parse(body);

    assertThat(e.action()).contains("Microsoft.EventGrid/eventSubscriptions/write");
    assertThat(e.objectId()).as("'665cf86d-d4de-4b6a-b4df-*******' is not an id").isEmpty();
    assertThat(e.scope()).as("masked subscription").isEmpty();
  }

  @Test
  void keyVaultForbiddenByRbacGivesCallerActionAndVaultInBothTheJsonAndTheTerraformForm() throws Exception {
    JsonNode sample = sample("error_keyvault_ForbiddenByRbac_real.json");

    PastedError json = PastedError.parse(sample.path("body").toString());
    PastedError terraform = PastedError.parse(sample.path("terraform_message_Terraform_AKS_issue_2").asText());

    assertThat(json.service()).isEqualTo(PastedError.Service.KEY_VAULT);
    assertThat(json.objectId()).hasValueSatisfying(id -> assertThat(id.value())
        .isEqualTo("5fde8331-374a-4550-b1fa-b2bc8eb86a7c"));
    assertThat(json.clientId()).contains("6f9dce08-500c-44b0-9670-309c358201c0");
    assertThat(json.action()).contains("Microsoft.KeyVault/vaults/secrets/readMetadata/action");
    assertThat(json.scope()).hasValueSatisfying(s -> assertThat(s.value()).endsWith("/vaults/akhil-mongodb-vault"));
    assertThat(json.kind()).isEqualTo(ActionKind.DATA);
    assertThat(terraform.action()).contains("Microsoft.KeyVault/vaults/secrets/getSecret/action");
    assertThat(terraform.objectId()).as("masked oid").isEmpty();
    assertThat(json.tenant()).as("from iss=").contains("da427fed-0866-4706-809a-9d39896ddf3d");
    assertThat(terraform.tenant()).as("masked iss").isEmpty();
  }

  @Test
  void storageErrorsNameNoPrincipalAndTheAssumedOperationIsSaid() throws Exception {
    JsonNode sample = sample("error_storage_AuthorizationPermissionMismatch_real.json");

    PastedError mismatch = PastedError.parse(sample.path("body_xml").asText());
    PastedError dotnet = PastedError.parse(sample.path("dotnet_exception_text_kusto-copy_79").asText());
    PastedError failure = PastedError.parse(sample.path("related_AuthorizationFailure_body_CDCgov_prime-reportstream_12209")
        .asText());

    assertThat(mismatch.code()).isEqualTo("AuthorizationPermissionMismatch");
    assertThat(mismatch.principal()).isEmpty();
    assertThat(mismatch.action()).contains(PastedError.BLOB_READ);
    assertThat(mismatch.assumption()).hasValueSatisfying(a -> assertThat(a).contains("assumed").contains("--action"));
    assertThat(dotnet.code()).isEqualTo("AuthorizationPermissionMismatch");
    assertThat(failure.code()).isEqualTo("AuthorizationFailure");
  }

  @Test
  void textThatIsNoKnown403IsRefusedSayingWhatIsKnown() {
    assertThatThrownBy(() -> PastedError.parse("Status: 500 Internal Server Error"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AuthorizationFailed").hasMessageContaining("ForbiddenByRbac")
        .hasMessageContaining("AuthorizationPermissionMismatch");
  }
}
