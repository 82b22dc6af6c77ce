package com.accessauditor.diagnose;

import java.util.List;
import java.util.Optional;

/**
 * The answer: a verdict, the reasons (likeliest cause first), and the commands that fix it.
 *
 * @param principal who was asked about, as resolved ("func-orders (managed identity 9f1c...)")
 * @param assignmentsEvaluated role assignments of the principal and its groups that apply at the scope
 */
public record Diagnosis(
    AccessQuestion question,
    Verdict verdict,
    String principal,
    Optional<String> principalId,
    List<Reason> reasons,
    List<String> commands,
    int assignmentsEvaluated) {

  public Diagnosis {
    reasons = List.copyOf(reasons);
    commands = List.copyOf(commands);
  }
}
