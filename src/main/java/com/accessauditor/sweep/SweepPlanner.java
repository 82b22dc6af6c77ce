package com.accessauditor.sweep;

import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Plans a sweep run: the scopes asked for, each management group standing for itself and every subscription
 * below it, recorded in the run store with every subscription planned. The same plan serves the sweep that
 * reads in one process and the queue of one message per subscription.
 */
public final class SweepPlanner {
  private final AuthorizationReader authorization;
  private final SweepRunStore runs;

  public SweepPlanner(AuthorizationReader authorization, SweepRunStore runs) {
    this.authorization = authorization;
    this.runs = runs;
  }

  /**
   * A planned run.
   *
   * @param scopes what is read: the scopes asked for, then the subscriptions below the management groups
   * @param problems what could not be planned (subscriptions below a group that could not be listed)
   */
  public record Plan(SweepRun run, List<Scope> scopes, List<String> problems) {
    public Plan {
      scopes = List.copyOf(scopes);
      problems = List.copyOf(problems);
    }
  }

  public Plan plan(List<Scope> requested, Instant now, Consumer<String> progress) {
    Map<String, Scope> scopes = new LinkedHashMap<>();
    requested.forEach(s -> scopes.putIfAbsent(s.value().toLowerCase(Locale.ROOT), s));
    List<String> problems = new ArrayList<>();
    for (Scope group : requested) {
      if (group.level() != Scope.Level.MANAGEMENT_GROUP) {
        continue;
      }
      Lookup<List<String>> below = authorization.subscriptionsBelow(group);
      if (below instanceof Lookup.Found<List<String>> found) {
        found.value().forEach(sub -> scopes.putIfAbsent("/subscriptions/" + sub.toLowerCase(Locale.ROOT),
            Scope.parse("/subscriptions/" + sub)));
        progress.accept("management group " + group.name() + ": " + found.value().size() + " subscription(s) below it");
      } else {
        problems.add("subscriptions below management group " + group.name() + " could not be listed ("
            + (below instanceof Lookup.Failed<List<String>> f ? f.reason() : "not found") + "): their apps and"
            + " identities were not read, and nothing of theirs is resolved; the group's own grants were read");
      }
    }
    Map<String, SweepRun.Subscription> planned = new LinkedHashMap<>();
    scopes.values().forEach(s -> s.subscriptionId().map(x -> x.toLowerCase(Locale.ROOT)).ifPresent(sub ->
        planned.putIfAbsent(sub, new SweepRun.Subscription(sub, SweepRun.State.PLANNED, now, ""))));
    SweepRun run = new SweepRun(SweepRun.newId(now), now, requested.stream().map(Scope::value).toList(), planned,
        java.util.Optional.empty(), problems);
    runs.plan(run);
    return new Plan(run, List.copyOf(scopes.values()), problems);
  }

  /**
   * One message per planned subscription, for the workers that sweep one subscription each, the n-th
   * visible {@code n × pace} from now: however far the host scales out, the run reads ARM no faster than
   * the pace allows.
   */
  public void enqueue(Plan plan, WorkQueue queue, Duration pace) {
    int n = 0;
    for (String sub : plan.run().subscriptions().keySet()) {
      queue.send(new SubscriptionWork(plan.run().runId(), sub, plan.run().plannedAt()).text(),
          pace.multipliedBy(n++));
    }
  }
}
