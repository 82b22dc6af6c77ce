package com.accessauditor.inventory;

import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import java.time.Instant;
import java.util.Optional;

/**
 * The last-known identity of a resource: a site's system-assigned identity or a user-assigned identity.
 *
 * @param resourceId the site or the userAssignedIdentities resource
 * @param previousPrincipalId the principal this resource had before its identity was last recreated; kept so
 *     a recycle stays visible until its orphaned grants are cleaned up
 */
public record KnownIdentity(
    Scope resourceId, Kind kind, Optional<PrincipalId> principalId, Optional<String> clientId, Instant asOf,
    boolean deleted, String lastEventId, Optional<PrincipalId> previousPrincipalId) {

  public KnownIdentity(Scope resourceId, Kind kind, Optional<PrincipalId> principalId, Optional<String> clientId,
      Instant asOf, boolean deleted, String lastEventId) {
    this(resourceId, kind, principalId, clientId, asOf, deleted, lastEventId, Optional.empty());
  }

  public enum Kind {
    SYSTEM_ASSIGNED,
    USER_ASSIGNED
  }
}
