package com.accessauditor.alerts;

/** Somewhere alerts go: a webhook, Teams, Slack, an Event Grid topic. */
public interface AlertChannel {
  String name();

  /**
   * Delivers one alert.
   *
   * @throws DeliveryException when the channel did not confirm it; the outbox retries later
   */
  void send(Alert alert) throws DeliveryException;

  /** Delivers several alerts as one message (digest mode); channels without a digest shape send each. */
  default void sendDigest(java.util.List<Alert> alerts) throws DeliveryException {
    for (Alert a : alerts) {
      send(a);
    }
  }

  /** The channel refused or could not be reached; the message never contains the channel's secret URL. */
  final class DeliveryException extends Exception {
    public DeliveryException(String message) {
      super(message);
    }
  }
}
