package com.accessauditor.detect;

import com.accessauditor.model.RoleEligibility;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Builds az CLI commands for remediation text, quoting every value for a POSIX shell. */
public final class AzCommand {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:@=+,-]+");

  private AzCommand() {}

  public static String quote(String value) {
    if (value != null && SAFE.matcher(value).matches()) {
      return value;
    }
    return "'" + (value == null ? "" : value.replace("'", "'\\''")) + "'";
  }

  public static String deleteAssignment(String assignmentId) {
    return "az role assignment delete --ids " + quote(assignmentId);
  }

  /**
   * PIM's admin removal of an eligibility: a new roleEligibilityScheduleRequest with requestType AdminRemove.
   * The request's name is a GUID derived from the eligibility, so the command reads the same every sweep.
   */
  public static String removeEligibility(RoleEligibility e) {
    String request = java.util.UUID.nameUUIDFromBytes(("AdminRemove\n" + e.id().toLowerCase(Locale.ROOT))
        .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    String body = "{\"properties\":{\"principalId\":\"" + e.principalId().value() + "\",\"roleDefinitionId\":\""
        + e.roleDefinitionId() + "\",\"requestType\":\"AdminRemove\",\"justification\":\"Access Auditor finding\"}}";
    return "az rest --method put --url " + quote("https://management.azure.com" + e.scope().value()
        + "/providers/Microsoft.Authorization/roleEligibilityScheduleRequests/" + request + "?api-version=2020-10-01")
        + " --body " + quote(body);
  }

  /**
   * PIM's admin assignment of an eligibility for a year (the role's PIM settings may allow permanent ones).
   * The request is named by a GUID derived from what it grants, so the command reads the same every sweep.
   */
  public static String makeEligible(String principalId, String roleDefinitionId, String scope) {
    String request = java.util.UUID.nameUUIDFromBytes(("AdminAssign\n" + principalId + "\n" + roleDefinitionId + "\n"
        + scope).toLowerCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    String body = "{\"properties\":{\"principalId\":\"" + principalId + "\",\"roleDefinitionId\":\""
        + roleDefinitionId + "\",\"requestType\":\"AdminAssign\",\"justification\":\"Declared in the baseline\","
        + "\"scheduleInfo\":{\"expiration\":{\"type\":\"AfterDuration\",\"duration\":\"P365D\"}}}}";
    return "az rest --method put --url " + quote("https://management.azure.com" + scope
        + "/providers/Microsoft.Authorization/roleEligibilityScheduleRequests/" + request + "?api-version=2020-10-01")
        + " --body " + quote(body);
  }

  /**
   * @param principalType what `--assignee-principal-type` gets: ARM accepts User, Group, ServicePrincipal and
   *     ForeignGroup; anything else (or unknown) leaves the flag out rather than guess a type ARM refuses
   */
  public static String createAssignment(String principalId, String principalType, String roleDefinitionGuid, String scope) {
    return "az role assignment create --assignee-object-id " + quote(principalId)
        + assigneeType(principalType).map(t -> " --assignee-principal-type " + t).orElse("")
        + " --role " + quote(roleDefinitionGuid)
        + " --scope " + quote(scope);
  }

  /**
   * The `--assignee-principal-type` ARM accepts for a Graph type (user, group, servicePrincipal) or an ARM
   * one (User, Group, ServicePrincipal, ForeignGroup); empty for Unknown, Device and anything else.
   */
  public static Optional<String> assigneeType(String type) {
    if (type == null) {
      return Optional.empty();
    }
    return switch (type.trim().toLowerCase(Locale.ROOT)) {
      case "user" -> Optional.of("User");
      case "group" -> Optional.of("Group");
      case "serviceprincipal" -> Optional.of("ServicePrincipal");
      case "foreigngroup" -> Optional.of("ForeignGroup");
      default -> Optional.empty();
    };
  }
}
