package com.accessauditor.memory;

import com.accessauditor.alerts.SuppressionRule;
import com.accessauditor.alerts.SuppressionStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** `--store memory`: suppression rules for the life of the process. */
public final class InMemorySuppressionStore implements SuppressionStore {
  private final Map<String, SuppressionRule> rules = new ConcurrentHashMap<>();

  @Override
  public void put(SuppressionRule rule) {
    rules.put(rule.id(), rule);
  }

  @Override
  public List<SuppressionRule> list() {
    return List.copyOf(rules.values());
  }
}
