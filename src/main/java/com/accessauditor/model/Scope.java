package com.accessauditor.model;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An ARM scope: "/", a management group, a subscription, a resource group or a resource. ARM compares
 * ids case-insensitively, so equality here does too; {@link #value()} keeps the spelling we were given.
 */
public final class Scope {
  public enum Level {
    ROOT,
    MANAGEMENT_GROUP,
    SUBSCRIPTION,
    RESOURCE_GROUP,
    RESOURCE
  }

  private static final String SUBSCRIPTIONS = "/subscriptions/";

  private final String value;
  private final String key;
  /** Computed once: sweeps group hundreds of thousands of ids by subscription. */
  private final Optional<String> subscriptionId;

  private Scope(String value) {
    this.value = value;
    this.key = value.toLowerCase(Locale.ROOT);
    this.subscriptionId = subscriptionOf(key);
  }

  private static Optional<String> subscriptionOf(String key) {
    if (!key.startsWith(SUBSCRIPTIONS) || key.length() == SUBSCRIPTIONS.length()) {
      return Optional.empty();
    }
    int end = key.indexOf('/', SUBSCRIPTIONS.length());
    return Optional.of(end < 0 ? key.substring(SUBSCRIPTIONS.length()) : key.substring(SUBSCRIPTIONS.length(), end));
  }

  /** Parses an ARM id; trailing slashes are dropped and the id must start with "/". */
  public static Scope parse(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("'scope' cannot be null or blank.");
    }
    String trimmed = id.trim();
    if (!trimmed.startsWith("/")) {
      throw new IllegalArgumentException("'scope' must be an ARM id starting with '/': " + Text.clip(trimmed));
    }
    int end = trimmed.length();
    while (end > 1 && trimmed.charAt(end - 1) == '/') {
      end--;
    }
    return new Scope(trimmed.substring(0, end));
  }

  public String value() {
    return value;
  }

  /** Computed on first use and kept: containment asks it for every assignment of a tenant. */
  private Level level;

  public Level level() {
    Level known = level;
    if (known == null) {
      known = levelOf();
      level = known;
    }
    return known;
  }

  private Level levelOf() {
    String[] parts = segments();
    if (parts.length == 0) {
      return Level.ROOT;
    }
    if (parts[0].equalsIgnoreCase("providers")
        && parts.length >= 4
        && parts[1].equalsIgnoreCase("Microsoft.Management")
        && parts[2].equalsIgnoreCase("managementGroups")) {
      return parts.length == 4 ? Level.MANAGEMENT_GROUP : Level.RESOURCE;
    }
    if (parts[0].equalsIgnoreCase("subscriptions")) {
      if (parts.length <= 2) {
        return Level.SUBSCRIPTION;
      }
      if (parts[2].equalsIgnoreCase("resourceGroups") && parts.length <= 4) {
        return Level.RESOURCE_GROUP;
      }
    }
    return Level.RESOURCE;
  }

  /** True at the subscription, management group or root level: a grant there reaches everything below. */
  public boolean isBroad() {
    Level level = level();
    return level == Level.ROOT || level == Level.MANAGEMENT_GROUP || level == Level.SUBSCRIPTION;
  }

  public Optional<String> subscriptionId() {
    return subscriptionId;
  }

  /** The last segment of the id: a role assignment's GUID name, a site's name. */
  public String name() {
    String[] parts = segments();
    return parts.length == 0 ? "/" : parts[parts.length - 1];
  }

  /**
   * The scope of a child id such as ".../providers/Microsoft.Authorization/roleAssignments/{guid}": the part
   * before "/providers/Microsoft.Authorization/". Other ids are their own scope.
   */
  public Scope withoutAuthorizationSuffix() {
    int at = key.lastIndexOf("/providers/microsoft.authorization/");
    if (at < 0) {
      return this;
    }
    return at == 0 ? new Scope("/") : new Scope(value.substring(0, at));
  }

  /** How a person names it: "subscription 1111...", "resource group rg-app", a resource by its name. */
  public String describe() {
    return switch (level()) {
      case ROOT -> "the tenant root";
      case MANAGEMENT_GROUP -> "management group " + name();
      case SUBSCRIPTION -> "subscription " + name();
      case RESOURCE_GROUP -> "resource group " + name();
      case RESOURCE -> name();
    };
  }

  /**
   * The top-level resource a child id belongs to (a vault for ".../vaults/kv/secrets/s", a storage account for
   * ".../storageAccounts/st/blobServices/default/containers/c"); scopes above a resource are their own.
   */
  public Scope topLevelResource() {
    String[] parts = segments();
    int providers = -1;
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].equalsIgnoreCase("providers")) {
        providers = i;
        break;
      }
    }
    if (level() != Level.RESOURCE || providers < 0 || parts.length <= providers + 4) {
      return this;
    }
    return new Scope("/" + String.join("/", java.util.Arrays.copyOf(parts, providers + 4)));
  }

  /** A Microsoft.ManagedIdentity/userAssignedIdentities resource (its identity is explicit, not an app's). */
  public boolean isUserAssignedIdentity() {
    return key.contains("/providers/microsoft.managedidentity/userassignedidentities/");
  }

  public boolean contains(Scope other) {
    return key.equals("/") || other.key.equals(key) || other.key.startsWith(key + "/");
  }

  private String[] segments() {
    return key.equals("/") ? new String[0] : value.substring(1).split("/");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Scope other && other.key.equals(key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key);
  }

  @Override
  public String toString() {
    return value;
  }
}
