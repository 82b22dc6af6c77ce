package com.accessauditor.azure;

import com.accessauditor.model.StoreUnavailableException;
import com.azure.core.exception.HttpResponseException;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** One table, created on first use; every SDK failure becomes a {@link StoreUnavailableException}. */
final class Table {
  private final TableServiceClient service;
  private final String name;
  private volatile TableClient client;

  /** Table Storage takes at most 100 entities of one partition per transaction. */
  static final int TRANSACTION_LIMIT = 100;

  Table(TableServiceClient service, String name) {
    this.service = service;
    this.name = name;
  }

  Optional<TableEntity> get(String partitionKey, String rowKey) {
    return call("read", () -> {
      try {
        return Optional.of(client().getEntity(partitionKey, rowKey));
      } catch (HttpResponseException e) {
        if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
          return Optional.empty();
        }
        throw e;
      }
    });
  }

  void upsert(TableEntity entity) {
    call("write", () -> {
      client().upsertEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, null, null);
      return null;
    });
  }

  /**
   * Upserts many entities: one transaction per 100 rows of a partition (all-or-nothing each), about seven
   * times the throughput of single writes.
   */
  void upsertAll(List<TableEntity> entities) {
    Map<String, List<TableEntity>> byPartition = new LinkedHashMap<>();
    entities.forEach(e -> byPartition.computeIfAbsent(e.getPartitionKey(), k -> new ArrayList<>()).add(e));
    for (List<TableEntity> partition : byPartition.values()) {
      for (int from = 0; from < partition.size(); from += TRANSACTION_LIMIT) {
        List<TableTransactionAction> batch = partition.subList(from, Math.min(partition.size(), from + TRANSACTION_LIMIT))
            .stream().map(e -> new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, e)).toList();
        call("batch write", () -> client().submitTransaction(batch));
      }
    }
  }

  /**
   * Merges the entity's properties into the row only if the row still has {@code etag}; false when someone
   * changed (or deleted) it in between: optimistic concurrency, so two instances cannot both take a row.
   */
  boolean mergeIfUnchanged(TableEntity entity, String etag) {
    return call("conditional write", () -> {
      entity.addProperty("odata.etag", etag);
      try {
        client().updateEntityWithResponse(entity, TableEntityUpdateMode.MERGE, true, null, null);
        return true;
      } catch (HttpResponseException e) {
        int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
        if (status == 412 || status == 404) {
          return false;
        }
        throw e;
      }
    });
  }

  /** Inserts the entity unless one with its keys exists; returns whether it was inserted. */
  boolean insert(TableEntity entity) {
    return create(entity).isPresent();
  }

  /**
   * Inserts the entity unless one with its keys exists. Empty when it existed; else the new row's ETag, for
   * a conditional write that follows ({@code ""} if the service sent none).
   */
  Optional<String> create(TableEntity entity) {
    return call("insert", () -> {
      try {
        String etag = client().createEntityWithResponse(entity, null, null).getHeaders().getValue("ETag");
        return Optional.of(etag == null ? "" : wellFormed(etag));
      } catch (HttpResponseException e) {
        if (e.getResponse() != null && e.getResponse().getStatusCode() == 409) {
          return Optional.<String>empty();
        }
        throw e;
      }
    });
  }

  /** Azurite (3.35) sends a created row's weak ETag without its closing quote; the service, and the row, have it. */
  private static String wellFormed(String etag) {
    return etag.startsWith("W/\"") && !etag.endsWith("\"") ? etag + "\"" : etag;
  }

  void delete(String partitionKey, String rowKey) {
    call("delete", () -> {
      try {
        client().deleteEntity(partitionKey, rowKey);
      } catch (HttpResponseException e) {
        if (e.getResponse() == null || e.getResponse().getStatusCode() != 404) {
          throw e;
        }
      }
      return null;
    });
  }

  /** The first row matching, reading one page of one row at most. */
  Optional<TableEntity> first(String odataFilter) {
    return call("query", () -> client().listEntities(new ListEntitiesOptions().setFilter(odataFilter).setTop(1), null,
        null).stream().findFirst());
  }

  List<TableEntity> query(String odataFilter) {
    return call("query", () -> {
      List<TableEntity> out = new ArrayList<>();
      client().listEntities(new ListEntitiesOptions().setFilter(odataFilter), null, null).forEach(out::add);
      return out;
    });
  }

  private TableClient client() {
    TableClient c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          service.createTableIfNotExists(name);
          client = service.getTableClient(name);
        }
        c = client;
      }
    }
    return c;
  }

  private <T> T call(String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (StoreUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StoreUnavailableException(
          "Table Storage " + what + " on table '" + name + "' at " + service.getServiceEndpoint() + " failed: "
              + firstLine(e) + ". Check the storage endpoint and the Storage Table Data Contributor role.",
          e);
    }
  }

  private static String firstLine(RuntimeException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
