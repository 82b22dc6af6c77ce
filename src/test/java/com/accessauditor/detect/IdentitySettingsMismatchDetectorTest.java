package com.accessauditor.detect;

import com.accessauditor.rbac.BuiltInRoles;
import static com.accessauditor.detect.Facts.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.findings.FindingDraft;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentitySettingsMismatchDetectorTest {
  private final IdentitySettingsMismatchDetector detector = new IdentitySettingsMismatchDetector();
  private final Scope app = Facts.site("func-a");
  private final Scope account = Scope.parse(Facts.RG.value() + "/providers/Microsoft.Storage/storageAccounts/sta");
  private final PrincipalId system = id(1);
  private final Scope uai = Facts.userAssignedIdentity("id-a");
  private final PrincipalId uaiPrincipal = id(2);
  private static final String UAI_CLIENT = "c0c0c0c0-0000-4000-8000-000000000002";

  private List<FindingDraft> inspect(Facts facts) {
    return detector.inspect(facts.build());
  }

  @Test
  void aKeyConnectionStringOnAnAppWithAnIdentityIsReportedWithoutTheKey() {
    Facts facts = new Facts().site(new SiteIdentity(app, "functionapp", Optional.of(system), Map.of(), Map.of()))
        .settings(app, Map.of("AzureWebJobsStorage",
            "DefaultEndpointsProtocol=https;AccountName=sta;AccountKey=c2VjcmV0LWtleQ==;EndpointSuffix=core.windows.net"));

    assertThat(inspect(facts)).singleElement().satisfies(d -> {
      assertThat(d.title()).contains("account key");
      assertThat(d.detail() + d.remediation() + d.title()).doesNotContain("c2VjcmV0LWtleQ==");
      assertThat(d.remediation()).contains("AzureWebJobsStorage__accountName=sta");
    });
  }

  @Test
  void aConnectionStringPastedIntoAccountNameOrClientIdIsMalformedAndItsValueIsNeverShown() {
    String pasted = "DefaultEndpointsProtocol=https;AccountName=sta;AccountKey=c2VjcmV0LWtleQ==;EndpointSuffix=x";
    Facts facts = new Facts().site(new SiteIdentity(app, "functionapp", Optional.of(system), Map.of(), Map.of()))
        .settings(app, Map.of("AzureWebJobsStorage__accountName", pasted, "AZURE_CLIENT_ID", pasted));

    List<FindingDraft> found = inspect(facts);

    assertThat(found).extracting(FindingDraft::title).containsExactlyInAnyOrder(
        "func-a: AzureWebJobsStorage__accountName is malformed (value not shown)",
        "func-a: AZURE_CLIENT_ID is malformed (value not shown)");
    assertThat(found).allSatisfy(d -> assertThat(d.title() + d.detail() + d.remediation())
        .doesNotContain("c2VjcmV0LWtleQ==").doesNotContain("AccountKey").doesNotContain("EndpointSuffix"));
  }

  @Test
  void aClientIdOfAnIdentityThatIsNotAttachedNamesThatIdentityAndTheAssignCommand() {
    Facts facts = new Facts().site(new SiteIdentity(app, "functionapp", Optional.of(system), Map.of(), Map.of()))
        .identity(new UserAssignedIdentity(uai, uaiPrincipal, UAI_CLIENT))
        .settings(app, Map.of("AZURE_CLIENT_ID", UAI_CLIENT));

    assertThat(inspect(facts)).singleElement().satisfies(d -> {
      assertThat(d.title()).contains("AZURE_CLIENT_ID names identity id-a, which is not attached");
      assertThat(d.remediation()).contains("az functionapp identity assign").contains(uai.value());
    });
  }

  @Test
  void aClientIdMatchingNoIdentityIsReportedAsNotExisting() {
    Facts facts = new Facts().site(new SiteIdentity(app, "functionapp", Optional.of(system), Map.of(), Map.of()))
        .settings(app, Map.of("AZURE_CLIENT_ID", "deadbeef-0000-4000-8000-000000000000"));

    assertThat(inspect(facts)).singleElement().satisfies(d -> assertThat(d.title()).contains("does not exist"));
  }

  /** AZURE_CLIENT_ID still names user-assigned identity id-orders (principal 9), deleted on 2026-11-20. */
  private Facts settingNamingDeletedIdentity() {
    Principal gone = new Principal(id(9), "servicePrincipal", "id-orders", Optional.empty(), Optional.empty(),
        Optional.of("ManagedIdentity"), List.of("isExplicit=True", uai.value()),
        Optional.of(java.time.Instant.parse("2026-11-20T10:00:00Z")), Optional.of(UAI_CLIENT));
    return new Facts().site(new SiteIdentity(app, "functionapp", Optional.of(system), Map.of(), Map.of()))
        .settings(app, Map.of("AZURE_CLIENT_ID", UAI_CLIENT)).deleted(gone);
  }

  @Test
  void aClientIdOfADeletedUserAssignedIdentityNamesItFromTheDeletedItems() {
    Facts facts = settingNamingDeletedIdentity();

    assertThat(inspect(facts)).singleElement().satisfies(d -> {
      assertThat(d.title()).contains("does not exist");
      assertThat(d.detail()).contains("user-assigned identity 'id-orders' (" + uai.value() + "), deleted on"
          + " 2026-11-20T10:00:00Z");
    });
  }

  @Test
  void aSettingNamingADeletedIdentityFollowsFromTheOrphanThatStandsForThatIdentity() {
    Facts facts = settingNamingDeletedIdentity();
    facts.assign(id(9), BuiltInRoles.STORAGE_BLOB_DATA_OWNER, account);
    facts.assign(id(9), BuiltInRoles.STORAGE_QUEUE_DATA_CONTRIBUTOR, account);
    SweepFacts read = facts.build();

    List<FindingDraft> orphans = new OrphanedAssignmentDetector().inspect(read);
    FindingDraft setting = detector.inspect(read).stream().filter(d -> d.title().contains("does not exist"))
        .findFirst().orElseThrow();

    assertThat(orphans).hasSize(2);
    assertThat(orphans).filteredOn(o -> o.causedBy().isEmpty()).as("one orphan stands for the identity").hasSize(1);
    FindingDraft root = orphans.stream().filter(o -> o.causedBy().isEmpty()).findFirst().orElseThrow();
    assertThat(setting.causedBy()).contains(root.fingerprint());
  }

  @Test
  void aSettingNamingAnIdentityThatIsGoneWithoutTraceHasNoRoot() {
    Facts facts = new Facts().site(new SiteIdentity(app, "functionapp", Optional.of(system), Map.of(), Map.of()))
        .settings(app, Map.of("AZURE_CLIENT_ID", UAI_CLIENT));

    assertThat(inspect(facts)).singleElement().satisfies(d -> assertThat(d.causedBy()).isEmpty());
  }

  @Test
  void aUserAssignedStorageIdentityWithoutTheCredentialSettingIsReported() {
    Facts facts = attachedUserAssigned(Map.of("AzureWebJobsStorage__clientId", UAI_CLIENT));

    assertThat(inspect(facts)).extracting(FindingDraft::title)
        .anySatisfy(t -> assertThat(t).contains("without AzureWebJobsStorage__credential=managedidentity"));
  }

  @Test
  void anIdentityLackingBlobDataOwnerOnTheAccountIsReportedWithTheGrantCommand() {
    Facts facts = attachedUserAssigned(Map.of("AzureWebJobsStorage__accountName", "sta",
        "AzureWebJobsStorage__credential", "managedidentity", "AzureWebJobsStorage__clientId", UAI_CLIENT));

    assertThat(inspect(facts)).singleElement().satisfies(d -> {
      assertThat(d.title()).contains("lacks Storage Blob Data Owner on storage account sta");
      assertThat(d.remediation()).contains("--assignee-object-id " + uaiPrincipal)
          .contains("--scope \"$(az storage account show --name sta --query id -o tsv)\"");
    });
  }

  @Test
  void aCorrectlyConfiguredAppWithItsRolesHasNoFinding() {
    Facts facts = attachedUserAssigned(Map.of("AzureWebJobsStorage__accountName", "sta",
        "AzureWebJobsStorage__queueServiceUri", "https://sta.queue.core.windows.net",
        "AzureWebJobsStorage__credential", "managedidentity", "AzureWebJobsStorage__clientId", UAI_CLIENT));
    facts.assign(uaiPrincipal, BuiltInRoles.STORAGE_BLOB_DATA_OWNER, account);
    facts.assign(uaiPrincipal, BuiltInRoles.STORAGE_QUEUE_DATA_CONTRIBUTOR, account);

    assertThat(inspect(facts)).isEmpty();
  }

  @Test
  void aQueueEndpointWithoutQueueDataContributorIsReported() {
    Facts facts = attachedUserAssigned(Map.of("AzureWebJobsStorage__accountName", "sta",
        "AzureWebJobsStorage__queueServiceUri", "https://sta.queue.core.windows.net",
        "AzureWebJobsStorage__credential", "managedidentity", "AzureWebJobsStorage__clientId", UAI_CLIENT));
    facts.assign(uaiPrincipal, BuiltInRoles.STORAGE_BLOB_DATA_OWNER, account);

    assertThat(inspect(facts)).singleElement()
        .satisfies(d -> assertThat(d.title()).contains("Storage Queue Data Contributor"));
  }

  private Facts attachedUserAssigned(Map<String, String> settings) {
    return new Facts()
        .site(new SiteIdentity(app, "functionapp", Optional.empty(), Map.of(uai.value(), uaiPrincipal),
            Map.of(uai.value(), UAI_CLIENT)))
        .identity(new UserAssignedIdentity(uai, uaiPrincipal, UAI_CLIENT))
        .settings(app, settings);
  }
}
