package com.accessauditor.azure;

import com.accessauditor.model.StoreUnavailableException;
import com.azure.core.exception.HttpResponseException;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** One table, created on first use; every SDK failure becomes a {@link StoreUnavailableException}. */
final class Table {
  private final TableServiceClient service;
  private final String name;
  private volatile TableClient client;

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
          "Table Storage " + what + " on table '" + name + "' failed: " + firstLine(e)
              + ". Check the storage endpoint and the app's Storage Table Data Contributor role; the event will"
              + " be redelivered.",
          e);
    }
  }

  private static String firstLine(RuntimeException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
