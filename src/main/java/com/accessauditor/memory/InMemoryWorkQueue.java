package com.accessauditor.memory;

import com.accessauditor.sweep.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The work queue in memory, with Storage Queues' leases and dequeue counts (unit tests, `--store memory`). */
public final class InMemoryWorkQueue implements WorkQueue {
  private final Clock clock;
  private final List<Message> messages = new ArrayList<>();
  private final List<String> poisoned = new ArrayList<>();

  private final String name;

  public InMemoryWorkQueue(Clock clock) {
    this(SUBSCRIPTIONS, clock);
  }

  public InMemoryWorkQueue(String name, Clock clock) {
    this.name = name;
    this.clock = clock;
  }

  @Override
  public String name() {
    return name;
  }

  private static final class Message {
    final String id = UUID.randomUUID().toString();
    final String text;
    long dequeueCount;
    Instant visibleAt = Instant.EPOCH;
    String receipt = "";

    Message(String text) {
      this.text = text;
    }
  }

  @Override
  public synchronized void send(String line, Duration visibleAfter) {
    Message m = new Message(line);
    m.visibleAt = clock.instant().plus(visibleAfter);
    messages.add(m);
  }

  @Override
  public synchronized Optional<Delivery> receive(Duration lease) {
    Instant now = clock.instant();
    for (Message m : messages) {
      if (!m.visibleAt.isAfter(now)) {
        m.dequeueCount++;
        m.visibleAt = now.plus(lease);
        m.receipt = UUID.randomUUID().toString();
        return Optional.of(new Delivery(m.text, m.dequeueCount, m.id, m.receipt));
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized void release(Delivery delivery, Duration retryAfter) {
    messages.stream().filter(m -> m.id.equals(delivery.messageId()) && m.receipt.equals(delivery.popReceipt()))
        .findFirst().ifPresent(m -> {
          m.visibleAt = clock.instant().plus(retryAfter);
          m.receipt = UUID.randomUUID().toString();
        });
  }

  @Override
  public synchronized void delete(Delivery delivery) {
    remove(delivery);
  }

  @Override
  public synchronized void poison(Delivery delivery) {
    if (remove(delivery)) {
      poisoned.add(delivery.text());
    }
  }

  @Override
  public synchronized List<String> poisoned() {
    return List.copyOf(poisoned);
  }

  /** A stale receipt (the lease ran out and another worker took the message) removes nothing, as in Azure. */
  private boolean remove(Delivery delivery) {
    return messages.removeIf(m -> m.id.equals(delivery.messageId()) && m.receipt.equals(delivery.popReceipt()));
  }
}
