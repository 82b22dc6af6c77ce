package com.accessauditor.model;

/**
 * A store (Table or Queue Storage) could not be written or read. In the Functions nothing is lost: the caller
 * stops and the event or message is redelivered (Event Grid retries for 24 hours), and every write is an
 * idempotent upsert. The message says so; {@link #fact()} is what failed, for callers that advise otherwise
 * (the command line: start Azurite, check --store).
 */
public class StoreUnavailableException extends RuntimeException {
  /** What happens next where the Functions host runs it. */
  public static final String IN_THE_FUNCTIONS = "Nothing is lost: Event Grid redelivers the event and the next"
      + " sweep repeats its work.";

  private final String fact;

  /** @param fact what failed, where, and why, without what to do next */
  public StoreUnavailableException(String fact, Throwable cause) {
    super(fact + " " + IN_THE_FUNCTIONS, cause);
    this.fact = fact;
  }

  public String fact() {
    return fact;
  }
}
