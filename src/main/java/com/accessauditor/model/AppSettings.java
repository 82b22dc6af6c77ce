package com.accessauditor.model;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A site's app settings, as `az functionapp config appsettings list` or ARM `config/appsettings/list`
 * return them. Values can be secrets: they are read to judge the identity configuration and are never
 * stored, logged or printed.
 */
public record AppSettings(Scope siteId, Map<String, String> values) {
  public AppSettings {
    // App setting names are case-insensitive to the Functions host.
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(values == null ? Map.of() : values);
    values = java.util.Collections.unmodifiableMap(copy);
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name)).filter(v -> !v.isBlank());
  }

  public boolean has(String name) {
    return get(name).isPresent();
  }
}
