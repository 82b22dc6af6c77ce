package com.accessauditor.snapshot;

import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.Scope;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * roleAssignments.json, grouped by subscription. A small export is held in memory; a large one (an export
 * of a tenant with hundreds of subscriptions) is read once as a stream and spilled to one temporary file per
 * subscription, so a sweep holds one subscription's assignments at a time, never the export.
 */
final class SnapshotAssignments {
  /** Above this, the export is spilled instead of held. */
  static final long SPILL_BYTES = 16L << 20;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Spilled lines buffered before they are appended to their files. */
  private static final int BUFFERED_CHARS = 4 << 20;

  /** The grants of management groups and the root: few, always held. */
  private final Map<String, RoleAssignment> above = new LinkedHashMap<>();
  private final Map<String, List<RoleAssignment>> held = new HashMap<>();
  private final Optional<Path> spill;
  private final Map<String, StringBuilder> pending = new HashMap<>();
  private int pendingChars;
  private final Set<String> subscriptions = new TreeSet<>();
  private int size;

  private SnapshotAssignments(Optional<Path> spill) {
    this.spill = spill;
  }

  /** Empty when the file is absent or refused (a problem in {@code files} says why). */
  static Optional<SnapshotAssignments> read(SnapshotFiles files, String name, boolean large) {
    Optional<Path> spill = Optional.empty();
    if (large) {
      try {
        Path dir = Files.createTempDirectory("access-auditor-snapshot");
        dir.toFile().deleteOnExit();
        spill = Optional.of(dir);
      } catch (IOException e) {
        files.problem(name + ": no room to spill a large export (" + e.getMessage() + "); it is read into memory");
      }
    }
    SnapshotAssignments out = new SnapshotAssignments(spill);
    boolean read = files.stream(name, SnapshotShapes::roleAssignment, (a, raw) -> out.add(a, raw.toString()));
    if (!read) {
      out.delete();
      return Optional.empty();
    }
    out.flush();
    return Optional.of(out);
  }

  private void add(RoleAssignment a, String json) {
    size++;
    Optional<String> sub = a.scope().subscriptionId();
    if (sub.isEmpty()) {
      above.put(a.id().toLowerCase(Locale.ROOT), a);
      // az role assignment list --all prints a management group's grants under each subscription, with the
      // role definition id of that subscription: that is where they were listed.
      if (a.roleDefinitionId().toLowerCase(Locale.ROOT).startsWith("/subscriptions/")) {
        Scope.parse(a.roleDefinitionId()).subscriptionId().ifPresent(subscriptions::add);
      }
      return;
    }
    subscriptions.add(sub.get());
    if (spill.isEmpty()) {
      held.computeIfAbsent(sub.get(), k -> new ArrayList<>()).add(a);
      return;
    }
    pending.computeIfAbsent(sub.get(), k -> new StringBuilder()).append(json).append('\n');
    pendingChars += json.length() + 1;
    if (pendingChars > BUFFERED_CHARS) {
      flush();
    }
  }

  private void flush() {
    if (spill.isEmpty()) {
      return;
    }
    pending.forEach((sub, lines) -> {
      Path file = spill.get().resolve(sub + ".jsonl");
      try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND)) {
        w.append(lines);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot spill the snapshot's role assignments to " + file, e);
      }
      file.toFile().deleteOnExit();
    });
    pending.clear();
    pendingChars = 0;
  }

  private void delete() {
    spill.ifPresent(dir -> {
      try (Stream<Path> files = Files.list(dir)) {
        files.forEach(f -> f.toFile().delete());
      } catch (IOException ignored) {
        // temporary files, removed at exit anyway
      }
      dir.toFile().delete();
    });
  }

  /** The subscriptions the export holds grants of, or listed grants under. */
  Set<String> subscriptions() {
    return subscriptions;
  }

  int size() {
    return size;
  }

  /** One subscription's own assignments (its resource groups' and resources' included). */
  List<RoleAssignment> in(String subscriptionId) {
    String sub = subscriptionId.toLowerCase(Locale.ROOT);
    Map<String, RoleAssignment> out = new LinkedHashMap<>();
    if (spill.isEmpty()) {
      held.getOrDefault(sub, List.of()).forEach(a -> out.put(a.id().toLowerCase(Locale.ROOT), a));
      return List.copyOf(out.values());
    }
    Path file = spill.get().resolve(sub + ".jsonl");
    if (!Files.exists(file)) {
      return List.of();
    }
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      lines.forEach(line -> {
        try {
          RoleAssignment a = SnapshotShapes.roleAssignment(JSON.readTree(line));
          out.put(a.id().toLowerCase(Locale.ROOT), a);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read back the snapshot's role assignments of " + sub, e);
    }
    return List.copyOf(out.values());
  }

  Collection<RoleAssignment> above() {
    return above.values();
  }

  /** Every assignment matching, read one subscription at a time. */
  List<RoleAssignment> where(Predicate<RoleAssignment> keep) {
    List<RoleAssignment> out = new ArrayList<>(above.values().stream().filter(keep).toList());
    for (String sub : subscriptions) {
      in(sub).stream().filter(keep).forEach(out::add);
    }
    return out;
  }

  Optional<RoleAssignment> find(String assignmentId) {
    String id = assignmentId.toLowerCase(Locale.ROOT);
    Predicate<RoleAssignment> same = a -> a.id().equalsIgnoreCase(id);
    Optional<String> sub = Optional.of(id).filter(s -> s.startsWith("/subscriptions/"))
        .flatMap(s -> Scope.parse(s).subscriptionId());
    return (sub.isPresent() ? in(sub.get()).stream() : above.values().stream()).filter(same).findFirst();
  }

  /** Every assignment by id: for tests and small exports. */
  Collection<RoleAssignment> all() {
    Map<String, RoleAssignment> out = new LinkedHashMap<>();
    where(a -> true).forEach(a -> out.putIfAbsent(a.id().toLowerCase(Locale.ROOT), a));
    return out.values();
  }
}
