package com.accessauditor.inventory;

import com.accessauditor.model.AppSettings;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import java.util.List;
import java.util.Optional;

/**
 * Resources, with app settings listed only where the auditor was granted to list them (the resource groups
 * of infra's appSettingsResourceGroups). Elsewhere the listing is not even tried: it would only be refused,
 * once per app per sweep, and every refusal is a failed secret-revealing action in the Activity Log that a
 * security team hunting for credential access has to explain away.
 */
public final class SettingsReadableIn implements ResourceReader {
  /** How a refusal made here begins; the sweep says such apps' settings were "not granted". */
  public static final String NOT_GRANTED = "not granted to list app settings here";

  private final ResourceReader resources;
  private final List<Scope> granted;

  /** @param granted the scopes settings may be listed in; none: no app's */
  public SettingsReadableIn(ResourceReader resources, List<Scope> granted) {
    this.resources = resources;
    this.granted = List.copyOf(granted);
  }

  @Override
  public Lookup<AppSettings> appSettings(Scope siteId) {
    if (granted.stream().noneMatch(g -> g.contains(siteId))) {
      return Lookup.failed(NOT_GRANTED + " (" + siteId.name() + " is outside AUDITOR_APP_SETTINGS_SCOPES)");
    }
    return resources.appSettings(siteId);
  }

  @Override
  public Lookup<SiteIdentity> siteIdentity(Scope siteId) {
    return resources.siteIdentity(siteId);
  }

  @Override
  public Lookup<UserAssignedIdentity> userAssignedIdentity(Scope identityId) {
    return resources.userAssignedIdentity(identityId);
  }

  @Override
  public Lookup<List<SiteIdentity>> sitesIn(Scope scope) {
    return resources.sitesIn(scope);
  }

  @Override
  public Lookup<List<UserAssignedIdentity>> userAssignedIdentitiesIn(Scope scope) {
    return resources.userAssignedIdentitiesIn(scope);
  }

  @Override
  public Optional<Lookup<List<SiteIdentity>>> sitesIn(List<String> subscriptionIds) {
    return resources.sitesIn(subscriptionIds);
  }

  @Override
  public Optional<Lookup<List<UserAssignedIdentity>>> userAssignedIdentitiesIn(List<String> subscriptionIds) {
    return resources.userAssignedIdentitiesIn(subscriptionIds);
  }
}
