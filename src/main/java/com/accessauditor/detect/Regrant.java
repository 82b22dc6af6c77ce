package com.accessauditor.detect;

import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import java.util.ArrayList;
import java.util.List;

/**
 * What moves a recycled identity's grants to its new principal: each grant the old principal left, given
 * to the new one unless it already holds that role there, then the old grants removed. One recipe for the
 * RECYCLED_IDENTITY finding and the 403 diagnosis, so both print the same commands.
 *
 * @param regrant {@code az role assignment create} per grant the new principal lacks
 * @param cleanup {@code az role assignment delete} per grant left on the old principal
 */
public record Regrant(List<String> regrant, List<String> cleanup) {
  public Regrant {
    regrant = List.copyOf(regrant);
    cleanup = List.copyOf(cleanup);
  }

  public static Regrant of(PrincipalId now, List<RoleAssignment> oldGrants, List<RoleAssignment> newGrants) {
    List<String> regrant = new ArrayList<>();
    List<String> cleanup = new ArrayList<>();
    for (RoleAssignment old : oldGrants) {
      if (!alreadyHeld(old, newGrants)) {
        // A managed identity's principal is always a service principal.
        regrant.add(AzCommand.createAssignment(now.value(), "ServicePrincipal", old.roleDefinitionGuid(),
            old.scope().value()));
      }
      cleanup.add(AzCommand.deleteAssignment(old.id()));
    }
    return new Regrant(regrant, cleanup);
  }

  public static boolean alreadyHeld(RoleAssignment old, List<RoleAssignment> newGrants) {
    return newGrants.stream().anyMatch(n -> n.roleDefinitionGuid().equals(old.roleDefinitionGuid())
        && n.scope().equals(old.scope()));
  }

  /** The commands as comment-headed lines: re-grants first, then the clean-up. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    if (!regrant.isEmpty()) {
      out.add("# Re-grant the old identity's roles to the new one:");
      out.addAll(regrant);
    }
    if (!cleanup.isEmpty()) {
      out.add("# Then remove the grants left on the deleted identity:");
      out.addAll(cleanup);
    }
    return out;
  }
}
