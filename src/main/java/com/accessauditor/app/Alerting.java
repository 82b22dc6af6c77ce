package com.accessauditor.app;

import com.accessauditor.alerts.AlertChannel;
import com.accessauditor.alerts.AlertPolicy;
import com.accessauditor.azure.EventGridChannel;
import com.accessauditor.channels.HttpsChannel;
import com.accessauditor.events.QuietCallers;
import com.azure.core.credential.TokenCredential;
import java.util.ArrayList;
import java.util.List;

/**
 * Where alerts go, under which policy, and whose changes page nobody. No channels means findings are
 * recorded but nobody is alerted.
 */
public record Alerting(AlertPolicy policy, List<AlertChannel> channels, QuietCallers quietCallers) {
  public Alerting {
    channels = List.copyOf(channels);
  }

  public static Alerting none() {
    return new Alerting(AlertPolicy.defaults(List.of()), List.of(), QuietCallers.none());
  }

  public static Alerting of(List<AlertChannel> channels) {
    return new Alerting(AlertPolicy.defaults(channels.stream().map(AlertChannel::name).toList()), channels,
        QuietCallers.none());
  }

  public Alerting withQuietCallers(QuietCallers quiet) {
    return new Alerting(policy, channels, quiet);
  }

  /** The channels the app settings name, under the settings' severity and suppression window. */
  static Alerting from(Settings settings, TokenCredential credential) {
    List<AlertChannel> channels = new ArrayList<>();
    settings.alertTopic().ifPresent(endpoint -> channels.add(EventGridChannel.connect("eventgrid", endpoint,
        credential)));
    settings.alertChannels().forEach((name, url) -> channels.add(HttpsChannel.of(name, url, switch (name) {
      case "teams" -> HttpsChannel.Format.TEAMS;
      case "slack" -> HttpsChannel.Format.SLACK;
      default -> HttpsChannel.Format.WEBHOOK;
    })));
    AlertPolicy defaults = AlertPolicy.defaults(channels.stream().map(AlertChannel::name).toList());
    return new Alerting(new AlertPolicy(settings.alertMinimum(), settings.alertSuppression(), defaults.channels(),
        defaults.firstRetry(), defaults.maxRetry(), defaults.giveUpAfter(), settings.alertDigest(),
        settings.alertOnPimActivations()), channels,
        settings.quietCallers());
  }
}
