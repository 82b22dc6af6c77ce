package com.accessauditor.whocan;

import com.accessauditor.diagnose.AccessQuestion;
import com.accessauditor.model.Scope;
import com.accessauditor.rbac.ActionKind;

/**
 * "Who may do this there?"
 *
 * @param includePaths also those who can act as a managed identity that may (one hop)
 */
public record WhoCanQuestion(Scope scope, String action, ActionKind kind, boolean includePaths) {

  /** @throws IllegalArgumentException naming what is missing or malformed */
  public static WhoCanQuestion of(String scope, String action, boolean includePaths) {
    if (scope == null || scope.isBlank()) {
      throw new IllegalArgumentException("give the scope: a resource, resource group, subscription or management"
          + " group id");
    }
    if (action == null || action.isBlank()) {
      throw new IllegalArgumentException("give the action, for example Microsoft.KeyVault/vaults/secrets/getSecret/action");
    }
    AccessQuestion.checkTyped("scope", scope, AccessQuestion.MAX_SCOPE);
    String what = action.trim();
    AccessQuestion.checkAction(what);
    Scope where;
    try {
      where = Scope.parse(scope.strip()).withoutAuthorizationSuffix();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("scope: " + e.getMessage(), e);
    }
    return new WhoCanQuestion(where, what, ActionKind.infer(what), includePaths);
  }
}
