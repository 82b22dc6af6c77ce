package com.accessauditor.azure;

import com.accessauditor.model.StoreUnavailableException;
import com.accessauditor.sweep.SubscriptionWork;
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

  private StorageWorkQueue(QueueClient queue, QueueClient poison) {
    this.queue = queue;
    this.poison = poison;
  }

  public static StorageWorkQueue withConnectionString(String connectionString) {
    return new StorageWorkQueue(builder(NAME).connectionString(connectionString).buildClient(),
        builder(NAME + "-poison").connectionString(connectionString).buildClient());
  }

  public static StorageWorkQueue withCredential(String queueServiceUri, TokenCredential credential) {
    String base = queueServiceUri.endsWith("/") ? queueServiceUri : queueServiceUri + "/";
    return new StorageWorkQueue(builder(NAME).endpoint(base + NAME).credential(credential).buildClient(),
        builder(NAME + "-poison").endpoint(base + NAME + "-poison").credential(credential).buildClient());
  }

  private static QueueClientBuilder builder(String name) {
    return new QueueClientBuilder().queueName(name).messageEncoding(QueueMessageEncoding.BASE64)
        .httpClient(HttpClient.createDefault());
  }

  @Override
  public void send(SubscriptionWork work) {
    call("send a message to", () -> queue.sendMessage(work.text()));
  }

  @Override
  public Optional<Delivery> receive(Duration lease) {
    return call("take a message from", () -> queue.receiveMessages(1, lease, null, null).stream().findFirst()
        .map(StorageWorkQueue::delivery));
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
      throw new StoreUnavailableException("Queue Storage could not " + what + " queue '" + NAME + "': HTTP "
          + e.getStatusCode() + " " + e.getErrorCode() + ". Check the queue endpoint and the app's Storage Queue"
          + " Data Contributor role; the run record says which subscriptions are not done.", e);
    } catch (RuntimeException e) {
      throw new StoreUnavailableException("Queue Storage could not " + what + " queue '" + NAME + "': " + e
          + ". Check the queue endpoint; the run record says which subscriptions are not done.", e);
    }
  }
}
