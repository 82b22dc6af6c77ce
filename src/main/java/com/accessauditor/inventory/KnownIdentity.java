package com.accessauditor.inventory;

import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import java.time.Instant;
import java.util.Optional;

/**
 * The last-known identity of a resource: a site's system-assigned identity or a user-assigned identity.
 *
 * @param resourceId the site or the userAssignedIdentities resource
 */
public record KnownIdentity(
    Scope resourceId, Kind kind, Optional<PrincipalId> principalId, Optional<String> clientId, Instant asOf,
    boolean deleted, String lastEventId) {

  public enum Kind {
    SYSTEM_ASSIGNED,
    USER_ASSIGNED
  }
}
