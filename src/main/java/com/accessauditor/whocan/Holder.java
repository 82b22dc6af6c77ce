package com.accessauditor.whocan;

import com.accessauditor.model.PrincipalId;
import java.util.List;

/**
 * One principal allowed to do it, and every way it is.
 *
 * @param principalType user, group, servicePrincipal or managedIdentity; Unknown when the directory did not say
 * @param via the grants or paths it rests on, in words, the one {@code how} names first
 * @param conditional every way in rests on a condition evaluated per request: possible, not certain
 */
public record Holder(PrincipalId principalId, String principalName, String principalType, How how, List<String> via,
    boolean conditional) {
  public Holder {
    via = List.copyOf(via);
  }
}
