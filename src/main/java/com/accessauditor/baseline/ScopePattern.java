package com.accessauditor.baseline;

import com.accessauditor.rbac.ActionPattern;
import com.accessauditor.model.Scope;
import java.util.Optional;

/** A scope written exactly or with '*' wildcards (case-insensitive, '*' spans '/'). */
public record ScopePattern(String text) {
  public ScopePattern {
    text = text.trim();
    if (!text.startsWith("/")) {
      throw new IllegalArgumentException("scope '" + text + "' must be an ARM id starting with '/'");
    }
    while (text.length() > 1 && text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
  }

  public boolean isExact() {
    return !text.contains("*");
  }

  /** The scope itself when written without wildcards. */
  public Optional<Scope> exact() {
    return isExact() ? Optional.of(Scope.parse(text)) : Optional.empty();
  }

  public boolean matches(Scope scope) {
    return isExact() ? Scope.parse(text).equals(scope) : ActionPattern.matches(text, scope.value());
  }

  /** True when the scope is this one or lies below it (for `governs`). */
  public boolean covers(Scope scope) {
    return isExact() ? Scope.parse(text).contains(scope)
        : ActionPattern.matches(text, scope.value()) || ActionPattern.matches(text + "/*", scope.value());
  }
}
