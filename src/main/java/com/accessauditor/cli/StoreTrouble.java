package com.accessauditor.cli;

import com.accessauditor.model.StoreUnavailableException;

/** What the command line says when the tables or queues it was pointed at cannot be reached. */
final class StoreTrouble {
  private StoreTrouble() {}

  /**
   * The failure, and what to do about it from a terminal (not the Functions' redelivery).
   *
   * @param store the --store value the command ran with
   */
  static String explain(StoreUnavailableException e, String store) {
    String next = switch (store) {
      case "azurite" -> "Start Azurite, the local Table and Queue Storage, in another terminal (`java -jar"
          + " target/access-auditor.jar azurite`), or set AZURITE_CONNECTION_STRING to one that runs, or give --store"
          + " the https URL of a table service.";
      case "memory" -> "The in-memory store cannot fail this way: report it as a bug.";
      default -> "Check that --store " + store + " is the account's table service URL and that you (`az login`)"
          + " hold Storage Table Data Contributor on it.";
    };
    return e.fact() + " " + next;
  }
}
