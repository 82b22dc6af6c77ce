package com.accessauditor.inventory;

import com.accessauditor.model.AppSettings;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import java.util.List;

/** Reads the identity side of resources: sites, their settings, and user-assigned identities. */
public interface ResourceReader {
  Lookup<SiteIdentity> siteIdentity(Scope siteId);

  Lookup<UserAssignedIdentity> userAssignedIdentity(Scope identityId);

  /** Function and web apps in a subscription or resource group. */
  Lookup<List<SiteIdentity>> sitesIn(Scope scope);

  Lookup<List<UserAssignedIdentity>> userAssignedIdentitiesIn(Scope scope);

  Lookup<AppSettings> appSettings(Scope siteId);
}
