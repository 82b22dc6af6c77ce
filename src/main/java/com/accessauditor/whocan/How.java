package com.accessauditor.whocan;

import java.util.Locale;

/**
 * How a principal comes to be allowed, in one word. Where several apply, the first of these is said: the
 * least obvious way in is the one a reader must not miss.
 */
public enum How {
  /** One PIM activation away. */
  ELIGIBLE,
  /** By acting as a managed identity that is allowed (deploying to its app, or attaching it). */
  IDENTITY,
  /** As a member of a group that is allowed. */
  GROUP,
  /** A grant at a parent scope: resource group, subscription, management group or the root. */
  INHERITED,
  /** A grant at the scope itself. */
  DIRECT;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The one to say of the two. */
  How or(How other) {
    return ordinal() <= other.ordinal() ? this : other;
  }
}
