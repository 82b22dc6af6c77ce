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

  /** The channel refused or could not be reached; the message never contains the channel's secret URL. */
  final class DeliveryException extends Exception {
    public DeliveryException(String message) {
      super(message);
    }
  }
}
