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
  /** The queue Storage Queues holds the work in; its poison queue adds "-poison", as the host names it. */
  String NAME = "sweep-subscriptions";
  /** Deliveries after which a message is given up and kept in the poison queue (the host's default). */
  int MAX_DEQUEUE_COUNT = 5;

  void send(SubscriptionWork work);

  /** The next visible message, hidden from other workers for {@code lease}; empty when there is none now. */
  Optional<Delivery> receive(Duration lease);

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
