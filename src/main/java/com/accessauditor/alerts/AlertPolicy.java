package com.accessauditor.alerts;

import com.accessauditor.findings.Severity;
import java.time.Duration;
import java.util.List;

/**
 * Who is alerted about what.
 *
 * @param minimum findings at or above this severity are alerted (opened, reopened, escalated, resolved)
 * @param suppression no second "opened" or "reopened" alert for the same finding within this window
 * @param giveUpAfter a channel that has failed for this long is reported and no longer retried for the alert
 * @param digest bundle what is due for a channel into one message (a sweep's findings arrive as one digest)
 * @param pimActivations alert on a privileged grant that is a PIM activation, instead of recording it quietly
 */
public record AlertPolicy(
    Severity minimum, Duration suppression, List<String> channels, Duration firstRetry, Duration maxRetry,
    Duration giveUpAfter, boolean digest, boolean pimActivations) {
  public AlertPolicy {
    channels = List.copyOf(channels);
  }

  public AlertPolicy(Severity minimum, Duration suppression, List<String> channels, Duration firstRetry,
      Duration maxRetry, Duration giveUpAfter, boolean digest) {
    this(minimum, suppression, channels, firstRetry, maxRetry, giveUpAfter, digest, false);
  }

  public AlertPolicy withPimActivations(boolean alert) {
    return new AlertPolicy(minimum, suppression, channels, firstRetry, maxRetry, giveUpAfter, digest, alert);
  }

  public static AlertPolicy defaults(List<String> channels) {
    return new AlertPolicy(Severity.HIGH, Duration.ofHours(24), channels, Duration.ofMinutes(1),
        Duration.ofMinutes(30), Duration.ofHours(24), false);
  }

  public AlertPolicy withDigest(boolean on) {
    return new AlertPolicy(minimum, suppression, channels, firstRetry, maxRetry, giveUpAfter, on, pimActivations);
  }
}
