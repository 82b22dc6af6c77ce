package com.accessauditor.support;

import com.accessauditor.sweep.WorkQueue;
import com.microsoft.azure.functions.ExecutionContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The part of the Functions host that feeds queue triggers, for tests (the host cannot be installed here):
 * it takes each visible message, calls the function with the message, its id and its dequeue count, deletes
 * it when the function returns, makes it visible again when it throws (host.json `visibilityTimeout`, here
 * none), and moves it to the poison queue after {@link WorkQueue#MAX_DEQUEUE_COUNT} failed deliveries.
 */
public final class QueueHost {
  /** A queue-triggered function as the host calls it. */
  public interface Trigger {
    void run(String message, String id, long dequeueCount, ExecutionContext context);
  }

  private record Binding(WorkQueue queue, Trigger trigger) {}

  private final List<Binding> bindings = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  public QueueHost on(WorkQueue queue, Trigger trigger) {
    bindings.add(new Binding(queue, trigger));
    return this;
  }

  /** Delivers until every bound queue is empty; says how many deliveries were made. */
  public int drain(ExecutionContext context) {
    int deliveries = 0;
    boolean any = true;
    while (any) {
      any = false;
      for (Binding b : bindings) {
        Optional<WorkQueue.Delivery> d = b.queue().receive(Duration.ofMinutes(5));
        if (d.isEmpty()) {
          continue;
        }
        any = true;
        deliveries++;
        try {
          b.trigger().run(d.get().text(), d.get().messageId(), d.get().dequeueCount(), context);
          b.queue().delete(d.get());
        } catch (RuntimeException e) {
          failures.add(b.queue().name() + ": " + e.getMessage());
          if (d.get().dequeueCount() >= WorkQueue.MAX_DEQUEUE_COUNT) {
            b.queue().poison(d.get());
          } else {
            b.queue().release(d.get(), Duration.ZERO);
          }
        }
      }
    }
    return deliveries;
  }

  /** What the functions threw, one line per failed delivery. */
  public List<String> failures() {
    return List.copyOf(failures);
  }
}
