package com.accessauditor.sweep;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The queue of a sweep run's subscriptions, one message each. In Azure the Functions host takes them
 * (a queue trigger) and moves one that keeps failing to the poison queue; the command line's in-process
 * workers take them through {@link #receive} with the same rules, so both paths behave alike.
 */
public interface WorkQueue {
  /** One message per subscription of a run ({@link SubscriptionWork}); its poison queue adds "-poison", as the host names it. */
  String SUBSCRIPTIONS = "sweep-subscriptions";
  /** One message per run whose subscriptions are all swept: its id, for the final step. */
  String FINAL_STEPS = "sweep-final-steps";
  /** Deliveries after which a message is given up and kept in the poison queue (the host's default). */
  int MAX_DEQUEUE_COUNT = 5;

  /** @param line a message as {@link SubscriptionWork#text} or {@link SweepRun#checkId} reads it */
  default void send(String line) {
    send(line, Duration.ZERO);
  }

  /** Sent now, received no sooner than {@code visibleAfter} from now (at most 7 days, Storage Queues' limit). */
  void send(String line, Duration visibleAfter);

  /** The queue's name, as the host's queue trigger names it. */
  String name();

  /** The next visible message, hidden from other workers for {@code lease}; empty when there is none now. */
  Optional<Delivery> receive(Duration lease);

  /**
   * The delivery failed: the message comes back after {@code retryAfter} (the host's `visibilityTimeout`
   * between retries), counted when it is next received. A stale receipt changes nothing.
   */
  void release(Delivery delivery, Duration retryAfter);

  /** The message was handled: it is gone. */
  void delete(Delivery delivery);

  /**
   * Gives a message up: it leaves the queue and is kept, as it was, in the poison queue (why is the run
   * record's to say, as when the host gives a message up).
   */
  void poison(Delivery delivery);

  /** The messages kept in the poison queue, oldest first (at most 32 per call in Storage Queues). */
  List<String> poisoned();

  /**
   * A received message.
   *
   * @param dequeueCount how many times it has been delivered, this time included
   * @param text the message as sent; a worker parses it with {@link SubscriptionWork#parse}
   */
  record Delivery(String text, long dequeueCount, String messageId, String popReceipt) {}
}
