package com.accessauditor.azure;

import com.azure.data.tables.models.TableEntity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** Property reading and writing for table entities: absent values are left out, times are UTC. */
final class Entities {
  private Entities() {}

  static void put(TableEntity e, String name, String value) {
    if (value != null && !value.isEmpty()) {
      e.addProperty(name, value);
    }
  }

  static void put(TableEntity e, String name, Optional<String> value) {
    value.ifPresent(v -> put(e, name, v));
  }

  static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  static String string(TableEntity e, String name) {
    return optional(e, name).orElse("");
  }

  static Optional<String> optional(TableEntity e, String name) {
    Object v = e.getProperty(name);
    return v == null || v.toString().isEmpty() ? Optional.empty() : Optional.of(v.toString());
  }

  static boolean bool(TableEntity e, String name) {
    Object v = e.getProperty(name);
    return v instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(v));
  }

  static Optional<Instant> instant(TableEntity e, String name) {
    Object v = e.getProperty(name);
    if (v instanceof OffsetDateTime t) {
      return Optional.of(t.toInstant());
    }
    if (v == null) {
      return Optional.empty();
    }
    return Optional.of(OffsetDateTime.parse(v.toString()).toInstant());
  }
}
