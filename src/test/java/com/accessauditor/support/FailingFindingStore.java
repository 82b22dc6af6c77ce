package com.accessauditor.support;

import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingQuery;
import com.accessauditor.findings.FindingStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A real findings store (Azurite's tables) with a fault around each batch written: {@code before} may throw
 * instead of the write (the store refusing it), {@code after} once it is written (the worker dying between
 * writing its findings and saying so).
 */
public final class FailingFindingStore implements FindingStore {
  private final FindingStore tables;
  private final Consumer<List<Finding>> before;
  private final Consumer<List<Finding>> after;

  public FailingFindingStore(FindingStore tables, Consumer<List<Finding>> before, Consumer<List<Finding>> after) {
    this.tables = tables;
    this.before = before;
    this.after = after;
  }

  @Override
  public Optional<Finding> find(String subscriptionId, String fingerprint) {
    return tables.find(subscriptionId, fingerprint);
  }

  @Override
  public void put(Finding finding) {
    putAll(List.of(finding));
  }

  @Override
  public void putAll(List<Finding> findings) {
    before.accept(findings);
    tables.putAll(findings);
    after.accept(findings);
  }

  @Override
  public List<Finding> list() {
    return tables.list();
  }

  @Override
  public List<Finding> query(FindingQuery query) {
    return tables.query(query);
  }
}
