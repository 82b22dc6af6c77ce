package com.accessauditor.diagnose;

import com.accessauditor.rbac.ActionKind;
import com.accessauditor.model.Scope;
import java.util.List;
import java.util.Optional;

/**
 * "May this principal do this there?", from typed-in values, a pasted error, or both (typed values win).
 *
 * @param principal an object id, an app (client) id, a display name or UPN, or the resource id of the app or
 *     user-assigned identity whose identity it is
 * @param assumptions what was assumed because the input did not say it
 */
public record AccessQuestion(String principal, Scope scope, String action, ActionKind kind, List<String> assumptions,
    Optional<PastedError> error) {

  public AccessQuestion {
    assumptions = List.copyOf(assumptions);
  }

  /**
   * Merges typed-in values with what the error says.
   *
   * @throws IllegalArgumentException naming what is missing or malformed
   */
  public static AccessQuestion of(Optional<String> principal, Optional<String> scope, Optional<String> action,
      Optional<String> errorText) {
    Optional<PastedError> error = errorText.filter(t -> !t.isBlank()).map(PastedError::parse);
    String who = principal.filter(p -> !p.isBlank()).or(() -> error.flatMap(PastedError::principal))
        .orElseThrow(() -> new IllegalArgumentException(error.isPresent()
            ? "the " + error.get().code() + " message does not name the caller: give the principal (object id, app id,"
                + " name, or the app's resource id)"
            : "give a principal, a scope and an action, or a pasted error"));
    Scope where;
    try {
      where = scope.filter(s -> !s.isBlank()).map(Scope::parse).or(() -> error.flatMap(PastedError::scope))
          .orElseThrow(() -> new IllegalArgumentException(error.isPresent()
              ? "the " + error.get().code() + " message does not name the resource: give the scope (for Storage, the"
                  + " storage account's resource id)"
              : "give the scope: the resource id the request was made on"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().startsWith("'scope'") ? "scope: " + e.getMessage()
          : e.getMessage(), e);
    }
    String what = action.filter(a -> !a.isBlank()).map(String::trim).or(() -> error.flatMap(PastedError::action))
        .orElseThrow(() -> new IllegalArgumentException("give the action, for example "
            + PastedError.BLOB_READ));
    if (!what.matches("[A-Za-z0-9._/-]+(/[A-Za-z0-9._*-]+)*") || what.contains("*")) {
      throw new IllegalArgumentException("action '" + com.accessauditor.model.Text.clip(what) + "' is not an"
          + " operation name such as Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read");
    }
    ActionKind kind = error.filter(e -> action.isEmpty() || action.get().equals(e.action().orElse("")))
        .map(PastedError::kind).orElseGet(() -> ActionKind.infer(what));
    List<String> assumed = action.isPresent() ? List.of()
        : error.flatMap(PastedError::assumption).map(List::of).orElse(List.of());
    return new AccessQuestion(who.trim(), where, what, kind, assumed, error);
  }
}
