package com.accessauditor.diagnose;

import com.accessauditor.model.Lookup;
import com.accessauditor.model.PrincipalId;
import java.time.Duration;
import java.util.List;

/** Recent 403s in a Log Analytics workspace (AzureActivity, StorageBlobLogs, Key Vault audit events). */
public interface DenialLog {
  /** The principal's 403s in the last {@code window}, newest first; failed when the workspace cannot be read. */
  Lookup<List<Denial>> recentDenials(PrincipalId principal, Duration window);
}
