package com.accessauditor.baseline;

import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;

/**
 * How a baseline names a principal: by object id, by display name, or by the resource id of the identity's
 * owner (a function app's system-assigned identity, or a user-assigned identity resource), so the baseline
 * still holds after the identity is recreated.
 */
public sealed interface PrincipalRef {
  record ObjectId(PrincipalId id) implements PrincipalRef {}

  record OwnerResource(Scope resourceId) implements PrincipalRef {
    public boolean isUserAssignedIdentity() {
      return resourceId.isUserAssignedIdentity();
    }
  }

  record DisplayName(String name) implements PrincipalRef {}

  /** A GUID (with or without hyphens) is an object id; an ARM id is an owner resource; anything else a name. */
  static PrincipalRef parse(String text) {
    String t = text.trim();
    if (PrincipalId.isGuid(t)) {
      return new ObjectId(PrincipalId.parse(t));
    }
    if (t.startsWith("/")) {
      return new OwnerResource(Scope.parse(t));
    }
    return new DisplayName(t);
  }

  default String display() {
    if (this instanceof ObjectId o) {
      return o.id().value();
    }
    if (this instanceof OwnerResource r) {
      return "the identity of " + r.resourceId().value();
    }
    return "'" + ((DisplayName) this).name() + "'";
  }
}
