package com.accessauditor.model;

import java.time.Instant;
import java.util.Optional;

/**
 * A PIM active assignment (ARM `roleAssignmentScheduleInstances`, api-version 2020-10-01): a role
 * assignment as PIM sees it, with where it came from. An activation is one PIM made when an eligible
 * principal activated: `assignmentType` Activated and a link to the eligibility's schedule. Judged by that
 * link, never by comparing its time window with the clock.
 *
 * @param assignmentType Activated or Assigned
 * @param originRoleAssignmentId the role assignment it stands for, as `roleAssignments` lists it
 * @param linkedEligibilityScheduleGuid the final GUID of `linkedRoleEligibilityScheduleId`, lower case
 */
public record ActiveAssignment(
    String id,
    Scope scope,
    PrincipalId principalId,
    String principalType,
    String roleDefinitionId,
    String assignmentType,
    Optional<String> originRoleAssignmentId,
    Optional<String> linkedEligibilityScheduleGuid,
    Optional<Instant> startDateTime,
    Optional<Instant> endDateTime) {

  public ActiveAssignment {
    linkedEligibilityScheduleGuid = linkedEligibilityScheduleGuid.map(RoleEligibility::finalGuid)
        .filter(g -> !g.isEmpty());
    principalType = principalType == null ? "Unknown" : principalType;
  }

  /** Made by PIM when the principal activated an eligibility; an Assigned one with a link is not. */
  public boolean isActivation() {
    return assignmentType.equalsIgnoreCase("Activated") && linkedEligibilityScheduleGuid.isPresent();
  }

  /** Whether this is the activation of that eligibility. */
  public boolean activates(RoleEligibility eligibility) {
    return isActivation() && linkedEligibilityScheduleGuid.get().equals(eligibility.scheduleGuid());
  }
}
