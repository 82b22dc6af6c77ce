package com.accessauditor.memory;

import com.accessauditor.events.PoisonEvent;
import com.accessauditor.events.PoisonStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** `--store memory`: poison events kept for the life of the process. */
public final class InMemoryPoisonStore implements PoisonStore {
  private final Map<String, PoisonEvent> rows = new ConcurrentHashMap<>();

  @Override
  public void put(PoisonEvent event) {
    rows.putIfAbsent(event.receiptId(), event);
  }

  @Override
  public List<PoisonEvent> list() {
    return new ArrayList<>(rows.values());
  }

  @Override
  public void remove(PoisonEvent event) {
    rows.remove(event.receiptId());
  }
}
