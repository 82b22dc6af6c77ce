package com.accessauditor.events;

import java.util.List;

/** The `poison` table: malformed or unhandled events kept for replay. */
public interface PoisonStore {
  void put(PoisonEvent event);

  List<PoisonEvent> list();

  /** Drops a row once its event was replayed successfully. */
  void remove(PoisonEvent event);
}
