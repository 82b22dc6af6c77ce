package com.accessauditor.sweep;

import com.accessauditor.inventory.SettingsReadableIn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The apps whose settings a sweep did not read, said in one line however many subscriptions they are in:
 * those whose listing was refused (HTTP 403: a gap, the auditor was meant to read them), and those outside
 * the scopes it is configured to list settings in (a note: not read by design).
 */
final class UnreadAppSettings {
  private static final String CONSEQUENCE = "identity-settings findings for these apps are neither raised nor"
      + " resolved. To check them, list their resource groups in appSettingsResourceGroups (infra/README.md)";

  /** Subscription to apps, for each of the two reasons. */
  private final Map<String, List<String>> refused = new TreeMap<>();
  private final Map<String, List<String>> notListed = new TreeMap<>();

  /** @return the gap line for an app whose settings failed for another reason, said on its own */
  Optional<String> add(String subscriptionId, String app, String why) {
    if (why.startsWith(SettingsReadableIn.NOT_GRANTED)) {
      notListed.computeIfAbsent(subscriptionId, k -> new ArrayList<>()).add(app);
    } else if (why.contains("HTTP 403") || why.contains("AuthorizationFailed")) {
      refused.computeIfAbsent(subscriptionId, k -> new ArrayList<>()).add(app);
    } else {
      return Optional.of("app settings of " + app + " not read: " + why);
    }
    return Optional.empty();
  }

  Optional<String> refused() {
    return refused.isEmpty() ? Optional.empty() : Optional.of("app settings not read for " + count(refused)
        + ": not granted (HTTP 403), since listing settings also reveals their secrets; " + CONSEQUENCE);
  }

  Optional<String> notListed() {
    return notListed.isEmpty() ? Optional.empty() : Optional.of("app settings not listed for " + count(notListed)
        + ": outside AUDITOR_APP_SETTINGS_SCOPES, since listing settings also reveals their secrets; " + CONSEQUENCE);
  }

  /** "3 app(s) in subscription S (a, b, c)", or "250 app(s) in 60 subscription(s) (S: a, b; T: c; …)". */
  private static String count(Map<String, List<String>> apps) {
    int total = apps.values().stream().mapToInt(List::size).sum();
    String where = apps.size() == 1 ? "subscription " + apps.keySet().iterator().next()
        : apps.size() + " subscription(s)";
    String some = apps.size() == 1
        ? String.join(", ", apps.values().iterator().next().stream().limit(5).toList())
            + (total > 5 ? ", …" : "")
        : apps.entrySet().stream().limit(3).map(e -> e.getKey() + ": " + String.join(", ",
            e.getValue().stream().limit(3).toList()) + (e.getValue().size() > 3 ? ", …" : ""))
            .collect(Collectors.joining("; ")) + (apps.size() > 3 ? "; …" : "");
    return total + " app(s) in " + where + " (" + some + ")";
  }
}
