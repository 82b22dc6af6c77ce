package com.accessauditor.memory;

import com.accessauditor.events.Change;
import com.accessauditor.events.ChangeStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** `--store memory`: changes kept for the life of the process. */
public final class InMemoryChangeStore implements ChangeStore {
  private final Map<String, Change> rows = new ConcurrentHashMap<>();

  @Override
  public Optional<Change> find(String eventId, Instant eventTime) {
    return Optional.ofNullable(rows.get(eventId));
  }

  @Override
  public void put(Change change) {
    rows.put(change.eventId(), change);
  }

  @Override
  public List<Change> list() {
    List<Change> all = new ArrayList<>(rows.values());
    all.sort((a, b) -> a.eventTime().compareTo(b.eventTime()));
    return all;
  }
}
