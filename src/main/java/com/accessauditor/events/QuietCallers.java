package com.accessauditor.events;

import com.accessauditor.findings.Suppression;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Text;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Callers whose role-assignment changes are expected and must not page anyone: the PIM service activating
 * an eligible role, a policy remediation identity, a deployment pipeline. A grant they make is still
 * recorded (as `suppressed`, naming the caller and why), so security teams see it; it alerts nobody, and
 * stays quiet until it resolves. Callers are matched on the token's app id, object id or UPN.
 *
 * <p>Written as {@code id=why;id=why}, for example
 * {@code 11111111-2222-3333-4444-555555555555=PIM activation;deploy@contoso.com=release pipeline}.
 */
public final class QuietCallers {
  private final Map<String, String> reasons;

  private QuietCallers(Map<String, String> reasons) {
    this.reasons = Map.copyOf(reasons);
  }

  public static QuietCallers none() {
    return new QuietCallers(Map.of());
  }

  /** @throws IllegalArgumentException naming the entry that is neither a GUID nor a UPN */
  public static QuietCallers parse(String text) {
    Map<String, String> reasons = new LinkedHashMap<>();
    for (String entry : text.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      String id = (eq < 0 ? entry : entry.substring(0, eq)).trim();
      String why = eq < 0 ? "" : entry.substring(eq + 1).trim();
      if (!PrincipalId.isGuid(id) && !id.matches("[^@\\s]+@[^@\\s]+")) {
        throw new IllegalArgumentException("quiet caller '" + Text.clip(id) + "' is neither an app id or object id"
            + " (GUID) nor a UPN (name@domain); write entries as id=why, separated by ';'");
      }
      reasons.put(id.toLowerCase(Locale.ROOT), why.isEmpty() ? "configured as a quiet caller" : why);
    }
    return new QuietCallers(reasons);
  }

  public boolean isEmpty() {
    return reasons.isEmpty();
  }

  /** Why a change by this caller pages nobody, if it is a quiet one. */
  public Optional<Suppression> suppressionFor(Caller caller) {
    return caller.appId().flatMap(this::reason)
        .or(() -> caller.objectId().flatMap(this::reason))
        .or(() -> caller.upn().flatMap(this::reason))
        .map(why -> Suppression.byQuietCaller("changed by " + caller.display() + ": " + why));
  }

  private Optional<String> reason(String id) {
    return Optional.ofNullable(reasons.get(id.toLowerCase(Locale.ROOT)));
  }
}
