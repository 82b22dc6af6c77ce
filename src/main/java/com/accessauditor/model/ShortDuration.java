package com.accessauditor.model;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them on a command line: 30m, 24h, 7d, 2w. */
public final class ShortDuration {
  private static final Pattern FORM = Pattern.compile("(\\d{1,5})([mhdw])");

  private ShortDuration() {}

  /**
   * @param units the unit letters accepted here, e.g. "hdw"
   * @return empty when the text is not such a duration (it may be a date instead)
   */
  public static Optional<Duration> parse(String text, String units) {
    Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches() || units.indexOf(m.group(2).charAt(0)) < 0) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    return Optional.of(switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    });
  }
}
