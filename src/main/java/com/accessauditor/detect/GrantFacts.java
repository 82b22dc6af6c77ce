package com.accessauditor.detect;

import com.accessauditor.findings.FindingDraft;
import com.accessauditor.model.ActiveAssignment;
import com.accessauditor.model.Principal;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import java.util.Optional;

/**
 * What is known about one role assignment when a detector looks at it.
 *
 * @param definition the role's definition, when it could be read
 * @param principal the assignee from the directory, when it could be asked and answered
 * @param activation the PIM activation this assignment is, when PIM was read and says so
 */
public record GrantFacts(
    RoleAssignment assignment,
    String roleName,
    Optional<RoleDefinition> definition,
    Optional<Principal> principal,
    FindingDraft.Source source,
    Optional<String> evidence,
    Optional<ActiveAssignment> activation) {

  public GrantFacts(RoleAssignment assignment, String roleName, Optional<RoleDefinition> definition,
      Optional<Principal> principal, FindingDraft.Source source, Optional<String> evidence) {
    this(assignment, roleName, definition, principal, source, evidence, Optional.empty());
  }

  public String principalName() {
    return principal.map(Principal::displayName).filter(n -> !n.isBlank()).orElse("");
  }
}
