package com.accessauditor.events;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The `changes` table: one row per captured event, keyed by event id so redelivery rewrites the same row. */
public interface ChangeStore {
  Optional<Change> find(String eventId, Instant eventTime);

  void put(Change change);

  List<Change> list();
}
