package com.accessauditor.memory;

import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** `--store memory`: findings kept for the life of the process. */
public final class InMemoryFindingStore implements FindingStore {
  private final Map<String, Finding> rows = new ConcurrentHashMap<>();

  @Override
  public Optional<Finding> find(String subscriptionId, String fingerprint) {
    return Optional.ofNullable(rows.get(fingerprint));
  }

  @Override
  public void put(Finding finding) {
    rows.put(finding.fingerprint(), finding);
  }

  @Override
  public List<Finding> list() {
    List<Finding> all = new ArrayList<>(rows.values());
    all.sort(Finding.MOST_SEVERE_FIRST);
    return all;
  }
}
