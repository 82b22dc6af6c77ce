package com.accessauditor.events;

/** Whether the ARM operation happened: from the event type's Success / Failure / Cancel suffix. */
public enum Outcome {
  SUCCEEDED,
  FAILED,
  CANCELED;

  static Outcome ofEventType(String eventType) {
    if (eventType.endsWith("Failure")) {
      return FAILED;
    }
    if (eventType.endsWith("Cancel")) {
      return CANCELED;
    }
    return SUCCEEDED;
  }
}
