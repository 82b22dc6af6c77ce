package com.accessauditor.model;

import java.util.Map;
import java.util.Optional;

/**
 * A function or web app (Microsoft.Web/sites) and its identity block.
 *
 * @param kind the site's kind, e.g. "functionapp,linux"; empty when not known
 * @param userAssigned attached user-assigned identity resource id to its principal id
 * @param userAssignedClientIds attached user-assigned identity resource id to its client id, where known
 */
public record SiteIdentity(
    Scope siteId, String kind, Optional<PrincipalId> systemAssignedPrincipalId, Map<String, PrincipalId> userAssigned,
    Map<String, String> userAssignedClientIds) {
  public SiteIdentity {
    kind = kind == null ? "" : kind;
    userAssigned = Map.copyOf(userAssigned == null ? Map.of() : userAssigned);
    userAssignedClientIds = Map.copyOf(userAssignedClientIds == null ? Map.of() : userAssignedClientIds);
  }

  public SiteIdentity(Scope siteId, Optional<PrincipalId> systemAssignedPrincipalId,
      Map<String, PrincipalId> userAssigned) {
    this(siteId, "", systemAssignedPrincipalId, userAssigned, Map.of());
  }

  public boolean isFunctionApp() {
    return kind.toLowerCase(java.util.Locale.ROOT).contains("functionapp");
  }

  /** Whether this identity (by its resource id, compared case-insensitively) is attached. */
  public boolean hasUserAssigned(Scope identityId) {
    return userAssigned.keySet().stream().anyMatch(k -> Scope.parse(k).equals(identityId));
  }
}
