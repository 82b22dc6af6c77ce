package com.accessauditor.model;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A directory object as Graph `directoryObjects/getByIds` or `az ad sp list` describes it.
 *
 * @param type user, group or servicePrincipal (Graph's @odata.type without the namespace)
 * @param userType Member or Guest, for users
 * @param alternativeNames for a managed identity: "isExplicit=False|True" and the owning resource id
 */
public record Principal(
    PrincipalId id,
    String type,
    String displayName,
    Optional<String> userPrincipalName,
    Optional<String> userType,
    Optional<String> servicePrincipalType,
    List<String> alternativeNames) {

  public Principal {
    type = type == null ? "unknown" : type;
    displayName = displayName == null ? "" : displayName;
    alternativeNames = List.copyOf(alternativeNames == null ? List.of() : alternativeNames);
  }

  /** A guest user (userType Guest or an #EXT# UPN): someone from outside the tenant. */
  public boolean isExternal() {
    return userType.map(t -> t.equalsIgnoreCase("Guest")).orElse(false)
        || userPrincipalName.map(u -> u.toUpperCase(Locale.ROOT).contains("#EXT#")).orElse(false);
  }

  /** The ARM resource a managed identity belongs to, taken from alternativeNames by shape, not position. */
  public Optional<String> managedIdentityResourceId() {
    return alternativeNames.stream().filter(n -> n.startsWith("/subscriptions/")).findFirst();
  }
}
