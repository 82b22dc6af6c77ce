package com.accessauditor.findings;

import java.util.Locale;
import java.util.Optional;

/**
 * Why a finding is `suppressed`: a rule someone recorded with a reason and an expiry, or a change made by a
 * caller configured as quiet (PIM activation, platform automation). The two end differently: a rule's
 * suppression ends when the rule expires; a quiet caller's lasts until the finding resolves.
 */
public record Suppression(Origin origin, String because) {

  public enum Origin {
    RULE,
    QUIET_CALLER,
    /** The grant is a PIM activation of an eligibility: the eligibility is what is judged. */
    PIM_ACTIVATION;

    /** The table's `suppressedBy` value: rule, quiet-caller. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Origin> parse(String label) {
      for (Origin o : values()) {
        if (o.label().equalsIgnoreCase(label.trim())) {
          return Optional.of(o);
        }
      }
      return Optional.empty();
    }
  }

  public static Suppression byRule(String because) {
    return new Suppression(Origin.RULE, because);
  }

  public static Suppression byPimActivation(String because) {
    return new Suppression(Origin.PIM_ACTIVATION, because);
  }

  public static Suppression byQuietCaller(String because) {
    return new Suppression(Origin.QUIET_CALLER, because);
  }
}
