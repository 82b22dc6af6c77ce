package com.accessauditor.model;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A PIM eligibility (ARM `roleEligibilityScheduleInstances`, api-version 2020-10-01): the principal may
 * activate the role at the scope, for the window the schedule allows, and is one activation away from it.
 * Taken from the instance's own properties, never from `expandedProperties` (often partial, and in
 * Microsoft's own example naming another role than `roleDefinitionId`).
 *
 * @param scheduleGuid the final GUID of `roleEligibilityScheduleId`, lower case: what an activation's
 *     `linkedRoleEligibilityScheduleId` names, as a bare GUID or a full id
 * @param memberType Direct, Group or Inherited
 * @param endDateTime empty for a permanent eligibility
 */
public record RoleEligibility(
    String id,
    Scope scope,
    PrincipalId principalId,
    String principalType,
    String roleDefinitionId,
    String scheduleGuid,
    String status,
    String memberType,
    Optional<String> condition,
    Optional<Instant> startDateTime,
    Optional<Instant> endDateTime) {

  public RoleEligibility {
    scheduleGuid = finalGuid(scheduleGuid);
    principalType = principalType == null ? "Unknown" : principalType;
  }

  /** The role definition's GUID, the last segment of its id. */
  public String roleDefinitionGuid() {
    return RoleDefinition.guidOf(roleDefinitionId);
  }

  /** "b1477448-…" from a bare GUID or from ".../RoleEligibilitySchedules/b1477448-…", lower case. */
  public static String finalGuid(String idOrGuid) {
    String s = idOrGuid == null ? "" : idOrGuid.strip();
    int slash = s.lastIndexOf('/');
    return (slash < 0 ? s : s.substring(slash + 1)).toLowerCase(Locale.ROOT);
  }
}
