package com.accessauditor.sweep;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One subscription of a sweep run, as a queue message: what a worker needs to sweep it and to say so in the
 * run record. The text form is a fixed, validated line, never a value spliced from elsewhere.
 *
 * @param runId the run's id, {@code yyyyMMddTHHmmssZ-} and eight hex digits
 */
public record SubscriptionWork(String runId, String subscriptionId, Instant plannedAt) {
  private static final Pattern GUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  public SubscriptionWork {
    subscriptionId = subscriptionId.toLowerCase(Locale.ROOT);
    SweepRun.checkId(runId);
    if (!GUID.matcher(subscriptionId).matches()) {
      throw new IllegalArgumentException("not a subscription id: " + com.accessauditor.model.Text.clip(subscriptionId));
    }
  }

  /** {@code runId subscriptionId plannedAt}, one line. */
  public String text() {
    return runId + " " + subscriptionId + " " + plannedAt;
  }

  /**
   * @throws IllegalArgumentException naming what is wrong, for a message this version did not write
   */
  public static SubscriptionWork parse(String text) {
    String[] parts = text == null ? new String[0] : text.strip().split(" ");
    if (parts.length != 3) {
      throw new IllegalArgumentException("a sweep work message is 'runId subscriptionId plannedAt', got: "
          + com.accessauditor.model.Text.clip(text));
    }
    try {
      return new SubscriptionWork(parts[0], parts[1], Instant.parse(parts[2]));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("a sweep work message's plannedAt is not a time: "
          + com.accessauditor.model.Text.clip(parts[2]));
    }
  }
}
