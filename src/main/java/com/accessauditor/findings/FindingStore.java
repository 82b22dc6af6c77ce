package com.accessauditor.findings;

import java.util.List;
import java.util.Optional;

/** The `findings` table. Writes are upserts keyed by fingerprint. */
public interface FindingStore {
  Optional<Finding> find(String subscriptionId, String fingerprint);

  void put(Finding finding);

  /** Writes many rows; the table adapter batches them into transactions. */
  default void putAll(List<Finding> findings) {
    findings.forEach(this::put);
  }

  List<Finding> list();

  /** The findings matching the query, most severe first; the table adapter filters on the server. */
  default List<Finding> query(FindingQuery query) {
    return list().stream().filter(query::matches).toList();
  }

  /** As {@link #query}, and which rows were skipped because they are not findings this version can read. */
  default Rows read(FindingQuery query) {
    return new Rows(query(query), List.of());
  }

  /**
   * @param unreadable each skipped row: where it is and what is wrong with it (a kind a newer version wrote,
   *     a property edited by hand)
   */
  record Rows(List<Finding> findings, List<String> unreadable) {
    public Rows {
      findings = List.copyOf(findings);
      unreadable = List.copyOf(unreadable);
    }
  }
}
