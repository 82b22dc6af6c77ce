package com.accessauditor.findings;

import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.ShortDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A filter over the findings table, built only from validated values: a severity, kind and status from
 * their vocabularies, a time, and GUIDs. Nothing a caller types reaches a table query unchecked.
 *
 * @param severity at or above this severity
 * @param since last seen at or after this time
 */
public record FindingQuery(
    Optional<Severity> severity,
    Optional<FindingKind> kind,
    Optional<FindingStatus> status,
    Optional<Instant> since,
    Optional<PrincipalId> principal,
    Optional<String> subscriptionId) {

  public static FindingQuery all() {
    return new FindingQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /** The same, of one kind only. */
  public FindingQuery ofKind(FindingKind only) {
    return new FindingQuery(severity, Optional.of(only), status, since, principal, subscriptionId);
  }

  /** The same, in one subscription's partition only ("" for the findings above subscriptions). */
  public FindingQuery in(String subscription) {
    return new FindingQuery(severity, kind, status, since, principal, Optional.of(subscription));
  }

  /**
   * Reads filters given as text (command-line options or HTTP query parameters). Every problem is reported
   * at once, each naming the filter and what it accepts.
   *
   * @param now what "--since 7d" counts back from
   */
  public static FindingQuery parse(Map<String, String> filters, Instant now) {
    List<String> problems = new ArrayList<>();
    Optional<Severity> severity = text(filters, "severity").flatMap(v -> attempt(problems,
        () -> Severity.parse(v)));
    Optional<FindingKind> kind = text(filters, "kind").flatMap(v -> attempt(problems, () -> {
      try {
        return FindingKind.valueOf(v.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown kind '" + clip(v) + "': use one of "
            + java.util.Arrays.toString(FindingKind.values()), e);
      }
    }));
    Optional<FindingStatus> status = text(filters, "status").flatMap(v -> attempt(problems, () -> {
      try {
        return FindingStatus.valueOf(v.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown status '" + clip(v) + "': use open, resolved or suppressed", e);
      }
    }));
    Optional<Instant> since = text(filters, "since").flatMap(v -> attempt(problems, () -> since(v, now)));
    Optional<PrincipalId> principal = text(filters, "principal").flatMap(v -> attempt(problems, () -> {
      if (!PrincipalId.isGuid(v)) {
        throw new IllegalArgumentException("principal '" + clip(v) + "' must be an object id (a GUID)");
      }
      return PrincipalId.parse(v);
    }));
    Optional<String> subscription = text(filters, "subscription").flatMap(v -> attempt(problems, () -> {
      if (!PrincipalId.isGuid(v)) {
        throw new IllegalArgumentException("subscription '" + clip(v) + "' must be a subscription id (a GUID)");
      }
      return PrincipalId.parse(v).value();
    }));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new FindingQuery(severity, kind, status, since, principal, subscription);
  }

  public boolean matches(Finding f) {
    return severity.map(s -> f.severity().atLeast(s)).orElse(true)
        && kind.map(k -> f.kind() == k).orElse(true)
        && status.map(s -> f.status() == s).orElse(true)
        && since.map(t -> !f.lastSeen().isBefore(t)).orElse(true)
        && principal.map(p -> p.value().equalsIgnoreCase(f.principalId())).orElse(true)
        && subscriptionId.map(s -> s.equalsIgnoreCase(f.subscriptionId())).orElse(true);
  }

  /** "7d", "24h", "30m", "2w", or a date (2026-11-01) or time (2026-11-01T08:00:00Z). */
  static Instant since(String value, Instant now) {
    String v = value.trim();
    Optional<Duration> back = ShortDuration.parse(v, "mhdw");
    if (back.isPresent()) {
      return now.minus(back.get());
    }
    try {
      return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant()
          : OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("since '" + clip(v) + "' must be a duration (30m, 24h, 7d, 2w) or a date"
          + " (2026-11-01) or time (2026-11-01T08:00:00Z)", e);
    }
  }

  private static Optional<String> text(Map<String, String> filters, String name) {
    return Optional.ofNullable(filters.get(name)).filter(v -> !v.isBlank());
  }

  private static <T> Optional<T> attempt(List<String> problems, java.util.function.Supplier<T> parse) {
    try {
      return Optional.of(parse.get());
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return Optional.empty();
    }
  }

  private static String clip(String v) {
    return com.accessauditor.model.Text.clip(v);
  }
}
