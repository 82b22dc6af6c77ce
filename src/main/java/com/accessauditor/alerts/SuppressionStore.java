package com.accessauditor.alerts;

import java.util.List;

/** The `suppressions` table: every rule, expired ones kept as the record of who silenced what and why. */
public interface SuppressionStore {
  void put(SuppressionRule rule);

  List<SuppressionRule> list();
}
