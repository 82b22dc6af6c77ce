package com.accessauditor.inventory;

import com.accessauditor.model.Lookup;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;

/** Reads the identity side of resources: sites and user-assigned identities. */
public interface ResourceReader {
  Lookup<SiteIdentity> siteIdentity(Scope siteId);

  Lookup<UserAssignedIdentity> userAssignedIdentity(Scope identityId);
}
