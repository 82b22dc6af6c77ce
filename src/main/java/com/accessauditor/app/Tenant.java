package com.accessauditor.app;

import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.ResourceReader;
import com.accessauditor.inventory.SettingsReadableIn;

/** Where tenant facts come from: live Azure or a snapshot folder. */
public record Tenant(AuthorizationReader authorization, ResourceReader resources, Directory directory) {
  public static <T extends AuthorizationReader & ResourceReader & Directory> Tenant of(T source) {
    return new Tenant(source, source, source);
  }

  /** The same tenant, with app settings listed only in these scopes (see {@link SettingsReadableIn}). */
  public Tenant withSettingsReadableIn(java.util.Optional<java.util.List<com.accessauditor.model.Scope>> scopes) {
    return scopes.map(s -> new Tenant(authorization, new SettingsReadableIn(resources, s), directory)).orElse(this);
  }

  /** The live tenant: one adapter per backend. */
  public static Tenant of(com.accessauditor.azure.AzureTenant azure) {
    return new Tenant(azure.authorization(), azure.resources(), azure.directory());
  }
}
