package com.accessauditor.cli;

import java.io.PrintWriter;
import java.util.List;

/** The one check of an option that takes one of a few words, with the same message in every command. */
final class Choices {
  private Choices() {}

  /** False, having said what is allowed, when {@code value} is not one of {@code allowed}. */
  static boolean valid(PrintWriter err, String option, String value, String... allowed) {
    if (List.of(allowed).contains(value)) {
      return true;
    }
    err.println("error: " + option + " must be " + String.join(", ", List.of(allowed).subList(0, allowed.length - 1))
        + " or " + allowed[allowed.length - 1] + ", got: " + com.accessauditor.model.Text.clip(value));
    return false;
  }
}
