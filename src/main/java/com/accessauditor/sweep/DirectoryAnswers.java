package com.accessauditor.sweep;

import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.model.PrincipalId;
import java.util.Set;

/**
 * What a worker asked the directory and what it said: a principal asked about and neither found nor
 * unanswered does not exist, so the final step neither asks again nor takes its silence for a failure.
 */
public record DirectoryAnswers(Set<PrincipalId> asked, PrincipalBatch batch) {
  public DirectoryAnswers {
    asked = Set.copyOf(asked);
  }
}
