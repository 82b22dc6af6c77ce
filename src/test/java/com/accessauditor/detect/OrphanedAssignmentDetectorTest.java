package com.accessauditor.detect;

import com.accessauditor.rbac.BuiltInRoles;
import static com.accessauditor.detect.Facts.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrphanedAssignmentDetectorTest {
  private final OrphanedAssignmentDetector detector = new OrphanedAssignmentDetector();

  @Test
  void aSoftDeletedUserIsReportedAsRestorableUntilThirtyDaysAfterDeletionWithTheRestoreCommand() {
    Facts facts = new Facts();
    PrincipalId gone = id(1);
    facts.assign(gone, "User", BuiltInRoles.READER, Facts.RG, Optional.empty());
    facts.deleted(new Principal(gone, "user", "Alex Former", Optional.of("alex@contoso.com"), Optional.of("Member"),
        Optional.empty(), List.of(), Optional.of(Instant.parse("2026-11-01T10:00:00Z")), Optional.empty()));

    assertThat(detector.inspect(facts.build())).singleElement().satisfies(d -> {
      assertThat(d.title()).contains("soft-deleted user Alex Former");
      assertThat(d.detail()).contains("can be restored until 2026-12-01T10:00:00Z");
      assertThat(d.remediation()).contains("directory/deletedItems/" + gone + "/restore")
          .contains("az role assignment delete --ids");
      assertThat(d.severity()).isEqualTo(Severity.LOW);
    });
  }

  @Test
  void aHardDeletedPrincipalGetsOnlyTheDeleteCommand() {
    Facts facts = new Facts();
    facts.assign(id(2), "User", BuiltInRoles.OWNER, Facts.RG, Optional.empty());

    assertThat(detector.inspect(facts.build())).singleElement().satisfies(d -> {
      assertThat(d.detail()).contains("permanently deleted");
      assertThat(d.remediation()).doesNotContain("restore").startsWith("az role assignment delete");
      assertThat(d.severity()).as("an orphaned Owner would come back on restore").isEqualTo(Severity.MEDIUM);
    });
  }

  @Test
  void whenTheDirectoryCouldNotBeAskedThereIsNoFindingAndNoDeletionAdvice() {
    Facts facts = new Facts();
    facts.assign(id(3), "User", BuiltInRoles.READER, Facts.RG, Optional.empty());
    facts.directoryDown(id(3));

    assertThat(detector.inspect(facts.build())).isEmpty();
  }

  @Test
  void whenDeletedItemsAreUnreadableTheFindingSaysRestorabilityIsUnknownAndChecksFirst() {
    Facts facts = new Facts().deletedItemsUnreadable();
    facts.assign(id(4), "User", BuiltInRoles.READER, Facts.RG, Optional.empty());

    FindingDraft d = detector.inspect(facts.build()).get(0);
    assertThat(d.detail()).contains("whether it can still be restored is unknown");
    assertThat(d.remediation()).startsWith("# First check it is not restorable");
  }

  @Test
  void aSoftDeletedManagedIdentityIsNotOfferedForRestoreAndNamesItsApp() {
    Facts facts = new Facts();
    PrincipalId old = id(5);
    facts.assign(old, BuiltInRoles.READER, Facts.RG);
    facts.deleted(Facts.managedIdentityPrincipal(old, "func-a", Facts.site("func-a"), true,
        Optional.of(Instant.parse("2026-11-20T00:00:00Z"))));

    FindingDraft d = detector.inspect(facts.build()).get(0);
    assertThat(d.detail()).contains("system-assigned identity of " + Facts.site("func-a").value());
    assertThat(d.remediation()).doesNotContain("/restore");
    assertThat(d.detail()).contains("cannot be restored").doesNotContain("restoring it would bring back");
  }

  @Test
  void aUserMissingFromDeletedItemsThatHoldOnlyServicePrincipalsIsNotCalledPermanentlyDeleted() {
    Facts facts = new Facts();
    facts.assign(id(7), "User", BuiltInRoles.READER, Facts.RG, Optional.empty());
    SweepFacts read = facts.build();
    SweepFacts servicePrincipalsOnly = new SweepFacts(read.now(), read.scopes(), read.assignments(),
        read.definitions(), read.sites(), read.appSettings(), read.identities(),
        read.directory(), read.deletedPrincipals(), read.known(), read.baseline(), read.gaps(),
        java.util.Set.of("serviceprincipal"));

    FindingDraft d = detector.inspect(servicePrincipalsOnly).get(0);
    assertThat(d.title()).contains("whether it can be restored is unknown");
    assertThat(d.detail()).doesNotContain("permanently").contains("hold no Users");
    assertThat(d.remediation()).startsWith("# First check it is not restorable");
  }

  @Test
  void principalsFoundInTheDirectoryAreNotOrphans() {
    Facts facts = new Facts().user(id(6), "Jordan Ops");
    facts.assign(id(6), "User", BuiltInRoles.READER, Facts.RG, Optional.empty());

    assertThat(detector.inspect(facts.build())).isEmpty();
  }
}
