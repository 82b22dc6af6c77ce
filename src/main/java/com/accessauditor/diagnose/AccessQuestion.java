package com.accessauditor.diagnose;

import com.accessauditor.rbac.ActionKind;
import com.accessauditor.model.Scope;
import com.accessauditor.model.Text;
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
    principal.ifPresent(p -> checkTyped("principal", p, MAX_PRINCIPAL));
    scope.ifPresent(v -> checkTyped("scope", v, MAX_SCOPE));
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
    checkAction(what);
    // What a pasted error said is held to the same rules as what was typed: it ends up on a terminal too.
    checkTyped("principal", who, MAX_PRINCIPAL);
    checkTyped("scope", where.value(), MAX_SCOPE);
    ActionKind kind = error.filter(e -> action.isEmpty() || action.get().equals(e.action().orElse("")))
        .map(PastedError::kind).orElseGet(() -> ActionKind.infer(what));
    List<String> assumed = action.isPresent() ? List.of()
        : error.flatMap(PastedError::assumption).map(List::of).orElse(List.of());
    return new AccessQuestion(who.trim(), where, what, kind, assumed, error);
  }

  /** Longer than any Azure operation name; checked before anything else reads the value. */
  static final int MAX_ACTION = 512;
  public static final int MAX_SCOPE = 4096;
  static final int MAX_PRINCIPAL = 1024;

  private static void checkLength(String what, String value, int max) {
    if (value.length() > max) {
      throw new IllegalArgumentException(what + " is " + value.length() + " characters long, over the " + max
          + " any Azure " + what + " needs");
    }
  }

  /** A typed-in value: short enough, and on one line without control characters. */
  public static void checkTyped(String what, String value, int max) {
    checkLength(what, value, max);
    String line = value.strip();
    for (int i = 0; i < line.length(); i++) {
      if (Text.unsafe(line.charAt(i)) && !Character.isSurrogate(line.charAt(i))) {
        throw new IllegalArgumentException(what + " holds the control character " + Text.codePoint(line.charAt(i))
            + " at character " + (i + 1) + ": give it on one line, as Azure shows it");
      }
    }
  }

  /** Segments of letters, digits, '.', '_' and '-' between single slashes, read in one pass (no regex). */
  public static void checkAction(String action) {
    checkLength("action", action, MAX_ACTION);
    String example = " is not an operation name such as " + PastedError.BLOB_READ;
    boolean segmentStart = true;
    for (int i = 0; i < action.length(); i++) {
      char c = action.charAt(i);
      if (c == '/') {
        if (segmentStart) {
          throw new IllegalArgumentException("action '" + Text.clip(action) + "' has an empty segment at character "
              + (i + 1) + ":" + example);
        }
        segmentStart = true;
      } else if (Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-') {
        segmentStart = false;
      } else {
        throw new IllegalArgumentException("action '" + Text.clip(action) + "' has "
            + (c == '*' ? "a wildcard" : "the character " + Text.codePoint(c)) + " at character " + (i + 1)
            + " (a question names one operation):" + example);
      }
    }
    if (segmentStart) {
      throw new IllegalArgumentException("action '" + Text.clip(action) + "' ends with '/':" + example);
    }
  }
}
