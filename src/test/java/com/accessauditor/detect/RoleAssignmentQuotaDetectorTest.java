package com.accessauditor.detect;

import com.accessauditor.rbac.BuiltInRoles;
import static com.accessauditor.detect.Facts.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.findings.Severity;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.inventory.KnownRole;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ROLE_ASSIGNMENT_QUOTA: a subscription near its 4,000 role assignments. */
class RoleAssignmentQuotaDetectorTest {
  @Test
  void aSubscriptionAt80PercentOfItsAssignmentsIsReportedAndOneBelowIsNot() {
    Facts below = new Facts();
    for (int i = 0; i < RoleAssignmentQuotaDetector.WARN_AT - 1; i++) {
      below.assign(id(i), BuiltInRoles.READER, Facts.RG);
    }
    assertThat(new RoleAssignmentQuotaDetector().inspect(below.build())).isEmpty();

    below.assign(id(99_999), BuiltInRoles.READER, Facts.RG);
    assertThat(new RoleAssignmentQuotaDetector().inspect(below.build())).singleElement().satisfies(d -> {
      assertThat(d.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(d.title()).contains("uses 3200 of 4000 role assignments (80%)");
    });
  }

}
