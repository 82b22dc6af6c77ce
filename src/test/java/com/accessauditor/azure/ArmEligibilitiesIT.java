package com.accessauditor.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleEligibility;
import com.accessauditor.model.Scope;
import com.accessauditor.support.LocalHttpsServer.Reply;
import com.accessauditor.support.LocalHttpsServer;
import com.accessauditor.support.Resources;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** PIM eligibilities read live: ARM's list shape over HTTPS, paged by nextLink, refused when not that shape. */
class ArmEligibilitiesIT {
  private static final String SUB = "/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f";
  private static final String LIST = SUB + "/providers/Microsoft.Authorization/roleEligibilityScheduleInstances";

  private LocalHttpsServer server;
  private AuthorizationReader arm;

  @BeforeEach
  void start() throws Exception {
    server = new LocalHttpsServer();
    TokenCredential credential = request -> Mono.just(new AccessToken("test-token", OffsetDateTime.now().plusHours(1)));
    arm = AzureTenant.connect(credential, new AzureEndpoints(server.url(), server.url()), server.clientTls(),
        Duration.ofSeconds(5)).authorization();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void everyPageOfEligibilitiesIsReadAtTheDocumentedApiVersion() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode first = (ObjectNode) json.readTree(Resources.text("arm/pim/roleEligibilityScheduleInstances.json"));
    first.put("nextLink", server.url() + LIST.substring(1) + "?api-version=2020-10-01&$skiptoken=page2");
    ObjectNode second = (ObjectNode) json.readTree(Resources.text("arm/pim/roleEligibilityScheduleInstances.json"));
    ObjectNode row = (ObjectNode) second.get("value").get(0);
    row.put("id", row.get("id").asText().replace("21e4b59a", "31e4b59a"));
    server.script("GET", LIST, Reply.json(200, first.toString()), Reply.json(200, second.toString()));

    Lookup<List<RoleEligibility>> read = arm.roleEligibilitiesFor(Scope.parse(SUB));

    assertThat(read.found()).hasValueSatisfying(list -> assertThat(list).hasSize(2)
        .allSatisfy(e -> assertThat(e.roleDefinitionGuid()).isEqualTo("b24988ac-6180-42a0-ab88-20f7382dd24c")));
    assertThat(server.queries()).filteredOn(q -> q.contains("roleEligibilityScheduleInstances")).hasSize(2)
        .allSatisfy(q -> assertThat(q).contains("api-version=2020-10-01")).anySatisfy(q -> assertThat(q)
            .contains("$skiptoken=page2"));
  }

  @Test
  void anAnswerWithoutItsValueArrayIsAFailureNotNoEligibilities() {
    server.always("GET", LIST, Reply.json(200, "{\"error\":null}"));

    assertThat(arm.roleEligibilitiesFor(Scope.parse(SUB))).isInstanceOf(Lookup.Failed.class);
  }

  @Test
  void activeAssignmentsAreReadWithTheirOriginAndLink() {
    server.always("GET", SUB + "/providers/Microsoft.Authorization/roleAssignmentScheduleInstances",
        Reply.json(200, Resources.text("arm/pim/roleAssignmentScheduleInstances.json")));

    assertThat(arm.activeAssignmentsFor(Scope.parse(SUB)).found()).hasValueSatisfying(list -> assertThat(list)
        .singleElement().satisfies(a -> {
          assertThat(a.assignmentType()).isEqualTo("Assigned");
          assertThat(a.linkedEligibilityScheduleGuid()).contains("b1477448-2cc6-4ceb-93b4-54a202a89413");
          assertThat(a.isActivation()).isFalse();
        }));
  }

  /** ARM's answer in a tenant without Entra ID P2, as AzGovViz's users reported it (400 AadPremiumLicenseRequired). */
  @Test
  void aTenantWithoutPimsLicenceIsANoteToSayNotAFault() {
    server.always("GET", LIST, Reply.json(400, Resources.text("arm/pim/error_AadPremiumLicenseRequired.json")));

    Lookup<List<RoleEligibility>> read = arm.roleEligibilitiesFor(Scope.parse(SUB));

    assertThat(read).isInstanceOfSatisfying(Lookup.Failed.class, f -> assertThat(
        AuthorizationReader.pimUnavailable(f.reason()))
        .hasValueSatisfying(note -> assertThat(note).contains("no Entra ID P2").contains("not judged")));
  }

  @Test
  void anotherRefusalIsAFaultNotANote() {
    server.always("GET", LIST, Reply.json(403, Resources.text("arm/pim/error_AadPremiumLicenseRequired.json")
        .replace("AadPremiumLicenseRequired", "AuthorizationFailed")));

    assertThat(arm.roleEligibilitiesFor(Scope.parse(SUB))).isInstanceOfSatisfying(Lookup.Failed.class, f -> assertThat(
        AuthorizationReader.pimUnavailable(f.reason())).isEmpty());
  }

  @Test
  void aPrincipalsActiveAssignmentsAreAskedWithAnEscapedFilter() {
    server.always("GET", SUB + "/providers/Microsoft.Authorization/roleAssignmentScheduleInstances",
        Reply.json(200, Resources.text("arm/pim/roleAssignmentScheduleInstances.json")));

    assertThat(arm.activeAssignmentsOf(Scope.parse(SUB),
        PrincipalId.parse("a3bb8764-cb92-4276-9d2a-ca1e895e55ea")).found()).isPresent();
    assertThat(server.queries()).anySatisfy(q -> assertThat(q)
        .endsWith("&$filter=principalId eq 'a3bb8764-cb92-4276-9d2a-ca1e895e55ea'"));
  }

  @Test
  void aThrottledListIsAskedAgainAfterItsRetryAfter() {
    server.script("GET", LIST, new Reply(429, java.util.Map.of("Retry-After", "1", "Content-Type", "application/json"),
        "{\"error\":{\"code\":\"TooManyRequests\"}}"), Reply.json(200,
        Resources.text("arm/pim/roleEligibilityScheduleInstances.json")));

    assertThat(arm.roleEligibilitiesFor(Scope.parse(SUB)).found()).hasValueSatisfying(l -> assertThat(l).hasSize(1));
    assertThat(server.count("GET", LIST)).isEqualTo(2);
  }
}
