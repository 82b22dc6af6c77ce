package com.accessauditor.inventory;

import com.accessauditor.model.AppSettings;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import java.util.List;
import java.util.Optional;

/** Reads the identity side of resources: sites, their settings, and user-assigned identities. */
public interface ResourceReader {
  Lookup<SiteIdentity> siteIdentity(Scope siteId);

  Lookup<UserAssignedIdentity> userAssignedIdentity(Scope identityId);

  /** Function and web apps in a subscription or resource group. */
  Lookup<List<SiteIdentity>> sitesIn(Scope scope);

  Lookup<List<UserAssignedIdentity>> userAssignedIdentitiesIn(Scope scope);

  Lookup<AppSettings> appSettings(Scope siteId);

  /** Sites of many subscriptions in one tenant-wide query (Resource Graph); empty where there is none. */
  default Optional<Lookup<List<SiteIdentity>>> sitesIn(List<String> subscriptionIds) {
    return Optional.empty();
  }

  /** User-assigned identities of many subscriptions in one tenant-wide query; empty where there is none. */
  default Optional<Lookup<List<UserAssignedIdentity>>> userAssignedIdentitiesIn(List<String> subscriptionIds) {
    return Optional.empty();
  }
}
