package com.accessauditor.azure;

import com.accessauditor.model.Text;
import com.accessauditor.sweep.SweepRun;
import com.accessauditor.sweep.SweepRunStore;
import com.azure.data.tables.models.TableEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * `sweepruns`: partition = run id; row "run" (`plannedAt`, `scopes`), and a row per subscription, "s-" and its
 * id (`state`, `at`, `why`), so each worker writes its own row and a redelivery writes the same again.
 */
final class TableSweepRunStore implements SweepRunStore {
  private static final String RUN_ROW = "run";
  private static final String FINISH_ROW = "final";
  private static final int MAX_WHY = 8_000;
  private final Table table;

  TableSweepRunStore(Table table) {
    this.table = table;
  }

  @Override
  public void plan(SweepRun run) {
    List<TableEntity> rows = new ArrayList<>();
    TableEntity head = new TableEntity(run.runId(), RUN_ROW);
    head.addProperty("plannedAt", Entities.time(run.plannedAt()));
    Entities.put(head, "scopes", String.join(",", run.scopes()));
    Entities.put(head, "problems", clipped(String.join("\n", run.problems())));
    rows.add(head);
    run.subscriptions().values().forEach(s -> rows.add(row(run.runId(), s)));
    table.upsertAll(rows);
  }

  @Override
  public void mark(String runId, SweepRun.Subscription subscription) {
    table.upsert(row(runId, subscription));
  }

  /** Insert-only: of two messages claiming at once, the table lets one write the row. */
  @Override
  public boolean claimFinish(String runId, String messageId, Instant at) {
    if (table.insert(finishRow(runId, new SweepRun.Finish(SweepRun.State.PLANNED, at, "", messageId)))) {
      return true;
    }
    Optional<SweepRun.Finish> claimed = finish(runId);
    if (claimed.isEmpty() || !claimed.get().retakenBy(messageId)) {
      return false;
    }
    if (claimed.get().state() == SweepRun.State.FAILED) {
      // Its redelivery retries a step that failed: running again, until it finishes or the host gives up.
      table.upsert(finishRow(runId, new SweepRun.Finish(SweepRun.State.PLANNED, at, "", messageId)));
    }
    return true;
  }

  @Override
  public void finished(String runId, SweepRun.Finish finish) {
    table.upsert(finishRow(runId, finish));
  }

  private static TableEntity finishRow(String runId, SweepRun.Finish f) {
    TableEntity e = new TableEntity(runId, FINISH_ROW);
    Entities.put(e, "state", f.state().name().toLowerCase(Locale.ROOT));
    e.addProperty("at", Entities.time(f.at()));
    Entities.put(e, "why", clipped(f.why()));
    Entities.put(e, "messageId", f.messageId());
    return e;
  }

  private static String clipped(String text) {
    String why = Text.wellFormed(text);
    return why.length() > MAX_WHY ? why.substring(0, MAX_WHY) + "…" : why;
  }

  @Override
  public Optional<SweepRun> find(String runId) {
    List<TableEntity> rows = table.query("PartitionKey eq " + TableKeys.odataString(runId));
    Optional<TableEntity> head = rows.stream().filter(r -> r.getRowKey().equals(RUN_ROW)).findFirst();
    if (head.isEmpty()) {
      return Optional.empty();
    }
    Map<String, SweepRun.Subscription> subs = new HashMap<>();
    for (TableEntity r : rows) {
      if (r.getRowKey().startsWith("s-")) {
        SweepRun.Subscription s = subscriptionOf(r);
        subs.put(s.subscriptionId(), s);
      }
    }
    Optional<SweepRun.Finish> finish = rows.stream().filter(r -> r.getRowKey().equals(FINISH_ROW)).findFirst()
        .map(TableSweepRunStore::finishOf);
    String scopes = Entities.string(head.get(), "scopes");
    return Optional.of(new SweepRun(runId, Entities.instant(head.get(), "plannedAt").orElse(Instant.EPOCH),
        scopes.isEmpty() ? List.of() : Arrays.asList(scopes.split(",")), subs, finish,
        Entities.string(head.get(), "problems").lines().toList()));
  }

  @Override
  public Optional<SweepRun.Subscription> subscription(String runId, String subscriptionId) {
    return table.get(runId, "s-" + subscriptionId.toLowerCase(Locale.ROOT)).map(TableSweepRunStore::subscriptionOf);
  }

  @Override
  public boolean anyPlanned(String runId) {
    return table.first("PartitionKey eq " + TableKeys.odataString(runId) + " and state eq "
        + TableKeys.odataString(SweepRun.State.PLANNED.name().toLowerCase(Locale.ROOT)) + " and RowKey ge 's-'"
        + " and RowKey lt 's.'").isPresent();
  }

  @Override
  public Optional<SweepRun.Finish> finish(String runId) {
    return table.get(runId, FINISH_ROW).map(TableSweepRunStore::finishOf);
  }

  private static SweepRun.Subscription subscriptionOf(TableEntity r) {
    return new SweepRun.Subscription(r.getRowKey().substring(2),
        SweepRun.State.valueOf(Entities.string(r, "state").toUpperCase(Locale.ROOT)),
        Entities.instant(r, "at").orElse(Instant.EPOCH), Entities.string(r, "why"));
  }

  private static SweepRun.Finish finishOf(TableEntity r) {
    return new SweepRun.Finish(SweepRun.State.valueOf(Entities.string(r, "state").toUpperCase(Locale.ROOT)),
        Entities.instant(r, "at").orElse(Instant.EPOCH), Entities.string(r, "why"), Entities.string(r, "messageId"));
  }

  /** The run rows are one per run (four a day at the default schedule): scanned, newest first. */
  @Override
  public List<SweepRun> recent(int count) {
    return table.query("RowKey eq " + TableKeys.odataString(RUN_ROW)).stream()
        .sorted(Comparator.comparing((TableEntity e) -> Entities.instant(e, "plannedAt").orElse(Instant.EPOCH))
            .reversed())
        .limit(count).map(e -> find(e.getPartitionKey())).flatMap(Optional::stream).toList();
  }

  @Override
  public int prune(Instant before) {
    List<String> old = table.query("RowKey eq " + TableKeys.odataString(RUN_ROW) + " and plannedAt lt datetime'"
        + java.time.format.DateTimeFormatter.ISO_INSTANT.format(before) + "'").stream()
        .map(TableEntity::getPartitionKey).toList();
    for (String runId : old) {
      // The run row last: a prune cut off midway leaves a run that is found again next time.
      List<TableEntity> rows = table.query("PartitionKey eq " + TableKeys.odataString(runId));
      rows.stream().filter(r -> !r.getRowKey().equals(RUN_ROW)).forEach(r -> table.delete(runId, r.getRowKey()));
      table.delete(runId, RUN_ROW);
    }
    return old.size();
  }

  private static TableEntity row(String runId, SweepRun.Subscription s) {
    TableEntity e = new TableEntity(runId, "s-" + s.subscriptionId());
    Entities.put(e, "state", s.state().name().toLowerCase(Locale.ROOT));
    e.addProperty("at", Entities.time(s.at()));
    Entities.put(e, "why", clipped(s.why()));
    return e;
  }
}
