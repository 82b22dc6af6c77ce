package com.accessauditor.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpLoggingPolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * HTTP pipelines for ARM and Graph: bearer token from the credential, retries that honour Retry-After on
 * 429/5xx, and timeouts that keep an Event Grid delivery inside its 30-second answer window.
 */
final class AzurePipelines {
  static final int MAX_RETRIES = 3;

  private AzurePipelines() {}

  static HttpClient httpClient(SSLContext tls, Duration responseTimeout) {
    java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
    if (tls != null) {
      jdk.sslContext(tls);
    }
    return new JdkHttpClientBuilder(jdk)
        .connectionTimeout(Duration.ofSeconds(5))
        .responseTimeout(responseTimeout)
        .build();
  }

  static HttpPipeline pipeline(HttpClient client, TokenCredential credential, String tokenScope) {
    return new HttpPipelineBuilder()
        .httpClient(client)
        .policies(
            new UserAgentPolicy("access-auditor"),
            new RetryPolicy(new RetryOptions(new ExponentialBackoffOptions()
                .setMaxRetries(MAX_RETRIES)
                .setBaseDelay(Duration.ofMillis(500))
                .setMaxDelay(Duration.ofSeconds(8)))),
            new BearerTokenAuthenticationPolicy(credential, tokenScope),
            // Headers and bodies are not logged: they carry tokens and personal data.
            new HttpLoggingPolicy(new HttpLogOptions()))
        .build();
  }
}
