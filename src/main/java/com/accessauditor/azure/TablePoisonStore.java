package com.accessauditor.azure;

import com.accessauditor.events.PoisonEvent;
import com.accessauditor.events.PoisonStore;
import com.azure.data.tables.models.TableEntity;
import java.time.Instant;
import java.util.List;

/** `poison`: partition = UTC day received, row = a hash of the raw event (a redelivery is kept once). */
final class TablePoisonStore implements PoisonStore {
  private final Table table;

  TablePoisonStore(Table table) {
    this.table = table;
  }

  @Override
  public void put(PoisonEvent p) {
    TableEntity e = new TableEntity(TableKeys.dayPartition(p.receivedAt()), p.receiptId());
    e.addProperty("receivedAt", Entities.time(p.receivedAt()));
    Entities.put(e, "eventId", p.eventId());
    Entities.put(e, "source", p.source());
    Entities.put(e, "reason", p.reason());
    Entities.put(e, "raw", p.raw());
    e.addProperty("truncated", p.truncated());
    table.upsert(e);
  }

  @Override
  public List<PoisonEvent> list() {
    return table.query(null).stream()
        .map(e -> new PoisonEvent(e.getRowKey(), Entities.instant(e, "receivedAt").orElse(Instant.EPOCH),
            Entities.string(e, "eventId"), Entities.string(e, "source"), Entities.string(e, "reason"),
            Entities.string(e, "raw"), Entities.bool(e, "truncated")))
        .toList();
  }

  @Override
  public void remove(PoisonEvent p) {
    table.delete(TableKeys.dayPartition(p.receivedAt()), p.receiptId());
  }
}
