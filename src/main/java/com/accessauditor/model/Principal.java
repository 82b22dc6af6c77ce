package com.accessauditor.model;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A directory object as Graph `directoryObjects/getByIds` or `az ad sp list` describes it.
 *
 * @param type user, group or servicePrincipal (Graph's @odata.type without the namespace)
 * @param userType Member or Guest, for users
 * @param alternativeNames for a managed identity: "isExplicit=False|True" and the owning resource id
 * @param deletedDateTime when it was soft-deleted (directory/deletedItems); restorable for 30 days after
 * @param appId for a service principal: its application (client) id, what tokens and error messages call it
 */
public record Principal(
    PrincipalId id,
    String type,
    String displayName,
    Optional<String> userPrincipalName,
    Optional<String> userType,
    Optional<String> servicePrincipalType,
    List<String> alternativeNames,
    Optional<Instant> deletedDateTime,
    Optional<String> appId) {

  public Principal(PrincipalId id, String type, String displayName, Optional<String> userPrincipalName,
      Optional<String> userType, Optional<String> servicePrincipalType, List<String> alternativeNames) {
    this(id, type, displayName, userPrincipalName, userType, servicePrincipalType, alternativeNames,
        Optional.empty(), Optional.empty());
  }

  public Principal {
    deletedDateTime = deletedDateTime == null ? Optional.empty() : deletedDateTime;
    appId = appId == null ? Optional.empty() : appId;
    type = type == null ? "unknown" : type;
    // Names are shown in terminals, logs, alerts and findings: any control character comes in escaped.
    displayName = displayName == null ? "" : Text.safe(displayName);
    userPrincipalName = userPrincipalName == null ? Optional.empty() : userPrincipalName.map(Text::safe);
    alternativeNames = List.copyOf(alternativeNames == null ? List.of() : alternativeNames);
  }

  /** A guest user (userType Guest or an #EXT# UPN): someone from outside the tenant. */
  public boolean isExternal() {
    return userType.map(t -> t.equalsIgnoreCase("Guest")).orElse(false)
        || userPrincipalName.map(u -> u.toUpperCase(Locale.ROOT).contains("#EXT#")).orElse(false);
  }

  public boolean isManagedIdentity() {
    return servicePrincipalType.map(t -> t.equalsIgnoreCase("ManagedIdentity")).orElse(false);
  }

  /** For a managed identity: true for a system-assigned one ("isExplicit=False"). */
  public boolean isSystemAssignedIdentity() {
    return isManagedIdentity() && alternativeNames.stream().anyMatch(n -> n.equalsIgnoreCase("isExplicit=False"));
  }

  /** How a person recognises it: display name, else UPN, else the object id. */
  public String label() {
    return !displayName.isBlank() ? displayName : userPrincipalName.orElse(id.value());
  }

  /** The ARM resource a managed identity belongs to, taken from alternativeNames by shape, not position. */
  public Optional<String> managedIdentityResourceId() {
    return alternativeNames.stream().filter(n -> n.startsWith("/subscriptions/")).findFirst();
  }
}
