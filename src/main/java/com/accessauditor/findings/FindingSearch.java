package com.accessauditor.findings;

import java.util.List;

/** Finds findings for people and tools: the filtered list, most severe first, a page at a time. */
public final class FindingSearch {
  public static final int MAX_PAGE_SIZE = 1000;

  private final FindingStore store;

  public FindingSearch(FindingStore store) {
    this.store = store;
  }

  /**
   * One page of the findings the query matches.
   *
   * @param page 1-based
   */
  public Page search(FindingQuery query, int page, int pageSize) {
    checkPage(page, pageSize);
    FindingStore.Rows rows = store.read(query);
    List<Finding> all = rows.findings();
    int from = (int) Math.min((long) (page - 1) * pageSize, all.size());
    int to = Math.min(all.size(), from + pageSize);
    return new Page(all.subList(from, to), page, pageSize, all.size(), rows.unreadable());
  }

  /**
   * Checks a page request before anything is read, so that a bad one is the caller's error and nothing else.
   *
   * @throws IllegalArgumentException naming the bounds
   */
  public static void checkPage(int page, int pageSize) {
    if (page < 1 || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("page must be 1 or more and pageSize between 1 and " + MAX_PAGE_SIZE);
    }
  }

  /** Every finding the query matches, and the rows that could not be read. */
  public FindingStore.Rows all(FindingQuery query) {
    return store.read(query);
  }

  /**
   * @param total how many findings match, on all pages
   * @param unreadable rows skipped because they could not be read as findings (on any page)
   */
  public record Page(List<Finding> items, int page, int pageSize, int total, List<String> unreadable) {
    public Page {
      items = List.copyOf(items);
      unreadable = List.copyOf(unreadable);
    }

    public boolean hasMore() {
      return (long) page * pageSize < total;
    }
  }
}
