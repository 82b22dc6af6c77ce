package com.accessauditor.model;

import java.util.Map;
import java.util.Optional;

/**
 * The identity block of a function or web app (Microsoft.Web/sites).
 *
 * @param userAssigned user-assigned identity resource id to its principal id
 */
public record SiteIdentity(
    Scope siteId, Optional<PrincipalId> systemAssignedPrincipalId, Map<String, PrincipalId> userAssigned) {
  public SiteIdentity {
    userAssigned = Map.copyOf(userAssigned == null ? Map.of() : userAssigned);
  }
}
