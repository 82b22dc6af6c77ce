package com.accessauditor.azure;

import com.accessauditor.model.StoreUnavailableException;
import com.accessauditor.sweep.WorkQueue;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.models.QueueMessageItem;
import com.azure.storage.queue.models.QueueStorageException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The sweep's work queue in Azure Storage Queues, base64-encoded as the Functions host's queue trigger
 * reads it. Reached with the managed identity in Azure ({@code AzureWebJobsStorage__queueServiceUri}) and
 * with Azurite's connection string locally. The queues are created on first use.
 */
public final class StorageWorkQueue implements WorkQueue {
  private final QueueClient queue;
  private final QueueClient poison;
  private volatile boolean created;

  private final String name;

  private StorageWorkQueue(String name, QueueClient queue, QueueClient poison) {
    this.name = name;
    this.queue = queue;
    this.poison = poison;
  }

  /** The subscriptions' queue in Azurite. */
  public static StorageWorkQueue withConnectionString(String connectionString) {
    return withConnectionString(connectionString, SUBSCRIPTIONS);
  }

  public static StorageWorkQueue withConnectionString(String connectionString, String name) {
    return new StorageWorkQueue(name, builder(name).connectionString(connectionString).buildClient(),
        builder(name + "-poison").connectionString(connectionString).buildClient());
  }

  public static StorageWorkQueue withCredential(String queueServiceUri, TokenCredential credential, String name) {
    String base = queueServiceUri.endsWith("/") ? queueServiceUri : queueServiceUri + "/";
    return new StorageWorkQueue(name, builder(name).endpoint(base + name).credential(credential).buildClient(),
        builder(name + "-poison").endpoint(base + name + "-poison").credential(credential).buildClient());
  }

  @Override
  public String name() {
    return name;
  }

  private static QueueClientBuilder builder(String name) {
    return new QueueClientBuilder().queueName(name).messageEncoding(QueueMessageEncoding.BASE64)
        .httpClient(HttpClient.createDefault());
  }

  @Override
  public void send(String line, Duration visibleAfter) {
    call("send a message to", () -> queue.sendMessageWithResponse(line, visibleAfter.isZero() ? null : visibleAfter,
        null, null, com.azure.core.util.Context.NONE));
  }

  @Override
  public Optional<Delivery> receive(Duration lease) {
    return call("take a message from", () -> queue.receiveMessages(1, lease, null, null).stream().findFirst()
        .map(StorageWorkQueue::delivery));
  }

  @Override
  public void release(Delivery delivery, Duration retryAfter) {
    call("release a message of", () -> {
      try {
        queue.updateMessage(delivery.messageId(), delivery.popReceipt(), delivery.text(), retryAfter);
      } catch (QueueStorageException e) {
        if (e.getStatusCode() != 404 && e.getStatusCode() != 400) {
          throw e;
        }
      }
      return null;
    });
  }

  @Override
  public void delete(Delivery delivery) {
    call("delete a message from", () -> deleted(delivery));
  }

  @Override
  public void poison(Delivery delivery) {
    call("move a message to the poison queue of", () -> {
      if (deleted(delivery)) {
        poison.sendMessage(delivery.text());
      }
      return null;
    });
  }

  /** Empties both queues (tests). */
  public void clear() {
    call("clear", () -> {
      queue.clearMessages();
      poison.clearMessages();
      return null;
    });
  }

  /**
   * Whether this delivery's message was deleted. A stale receipt (the lease ran out and another worker took
   * the message) deletes nothing: the other worker holds it now.
   */
  private boolean deleted(Delivery delivery) {
    try {
      queue.deleteMessage(delivery.messageId(), delivery.popReceipt());
      return true;
    } catch (QueueStorageException e) {
      if (e.getStatusCode() == 404 || e.getStatusCode() == 400) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public List<String> poisoned() {
    return call("read the poison queue of", () -> poison.peekMessages(32, null, null).stream()
        .map(m -> m.getBody().toString()).toList());
  }

  private static Delivery delivery(QueueMessageItem m) {
    return new Delivery(m.getBody().toString(), m.getDequeueCount(), m.getMessageId(), m.getPopReceipt());
  }

  private <T> T call(String what, Supplier<T> action) {
    try {
      if (!created) {
        queue.createIfNotExists();
        poison.createIfNotExists();
        created = true;
      }
      return action.get();
    } catch (QueueStorageException e) {
      throw new StoreUnavailableException("Queue Storage could not " + what + " queue '" + name + "': HTTP "
          + e.getStatusCode() + " " + e.getErrorCode() + ". Check the queue endpoint and the app's Storage Queue"
          + " Data Contributor role; the run record says which subscriptions are not done.", e);
    } catch (RuntimeException e) {
      throw new StoreUnavailableException("Queue Storage could not " + what + " queue '" + name + "': " + e
          + ". Check the queue endpoint; the run record says which subscriptions are not done.", e);
    }
  }
}
