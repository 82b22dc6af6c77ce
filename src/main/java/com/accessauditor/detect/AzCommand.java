package com.accessauditor.detect;

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

  public static String createAssignment(String principalId, String principalType, String roleDefinitionGuid, String scope) {
    return "az role assignment create --assignee-object-id " + quote(principalId)
        + " --assignee-principal-type " + quote(principalType)
        + " --role " + quote(roleDefinitionGuid)
        + " --scope " + quote(scope);
  }
}
