package com.accessauditor.channels;

import com.accessauditor.alerts.Alert;
import com.accessauditor.alerts.AlertChannel;
import com.accessauditor.alerts.AlertPayloads;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A webhook channel: the generic JSON webhook, a Teams workflow or a Slack incoming webhook. The URL is a
 * secret (it carries the token): it must be https, comes from an app setting or a Key Vault reference, and
 * is never put in a message or a log line; errors name the channel instead.
 */
public final class HttpsChannel implements AlertChannel {
  public enum Format {
    WEBHOOK(a -> AlertPayloads.webhook(a).toString(), l -> AlertPayloads.webhookDigest(l).toString()),
    TEAMS(a -> AlertPayloads.teams(a).toString(), l -> AlertPayloads.teamsDigest(l).toString()),
    SLACK(a -> AlertPayloads.slack(a).toString(), l -> AlertPayloads.slackDigest(l).toString());

    private final Function<Alert, String> payload;
    private final Function<java.util.List<Alert>, String> digest;

    Format(Function<Alert, String> payload, Function<java.util.List<Alert>, String> digest) {
      this.payload = payload;
      this.digest = digest;
    }
  }

  private final String name;
  private final URI url;
  private final Format format;
  private final HttpClient client;

  private HttpsChannel(String name, URI url, Format format, HttpClient client) {
    this.name = name;
    this.url = url;
    this.format = format;
    this.client = client;
  }

  public static HttpsChannel of(String name, String url, Format format) {
    return of(name, url, format, null);
  }

  /** @param tls trust for a private certificate (tests, proxies); null for the platform's trust store */
  public static HttpsChannel of(String name, String url, Format format, SSLContext tls) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (java.net.URISyntaxException e) {
      // Not chained, and neither the input nor the exception's message is quoted: the URL holds the token.
      throw new IllegalArgumentException("alert channel '" + name + "': the URL is not a valid URL ("
          + e.getReason() + " at character " + (e.getIndex() + 1) + "); the value is not shown, it is a secret");
    }
    if (!"https".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("alert channel '" + name + "': the URL must use https");
    }
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (tls != null) {
      builder.sslContext(tls);
    }
    return new HttpsChannel(name, uri, format, builder.build());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void send(Alert alert) throws DeliveryException {
    post(format.payload.apply(alert));
  }

  @Override
  public void sendDigest(java.util.List<Alert> alerts) throws DeliveryException {
    post(format.digest.apply(alerts));
  }

  private void post(String body) throws DeliveryException {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        throw new DeliveryException("channel '" + name + "' answered HTTP " + response.statusCode());
      }
    } catch (IOException e) {
      throw new DeliveryException("channel '" + name + "' could not be reached: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("channel '" + name + "': interrupted");
    }
  }
}
