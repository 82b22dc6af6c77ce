package com.accessauditor.model;

/**
 * A store (Table Storage) could not be written or read. Nothing is lost: the caller stops and the event is
 * redelivered (Event Grid retries for 24 hours), and every write is an idempotent upsert.
 */
public class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
