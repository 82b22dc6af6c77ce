package com.accessauditor.functions;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as the Functions host hands it to a function (headers lower-cased, the query decoded), for
 * the hosts that are not the Functions host: {@code serve}, and the tests that call the functions directly.
 */
public record HostedRequest(URI uri, HttpMethod method, Map<String, String> headers, Map<String, String> query,
    Optional<String> body) implements HttpRequestMessage<Optional<String>> {

  public HostedRequest {
    headers = Map.copyOf(headers);
    query = Map.copyOf(query);
  }

  /** A request to this host with no address of note (the functions read the query and headers, not the URI). */
  public static HostedRequest of(HttpMethod method, Map<String, String> headers, Map<String, String> query,
      String body) {
    return new HostedRequest(URI.create("https://localhost/api"), method, headers, query, Optional.ofNullable(body));
  }

  @Override
  public URI getUri() {
    return uri;
  }

  @Override
  public HttpMethod getHttpMethod() {
    return method;
  }

  @Override
  public Map<String, String> getHeaders() {
    return headers;
  }

  @Override
  public Map<String, String> getQueryParameters() {
    return query;
  }

  @Override
  public Optional<String> getBody() {
    return body;
  }

  @Override
  public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
    return new Response(status);
  }

  @Override
  public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
    return new Response(status);
  }

  /** A built response: status, headers and body as the host would send them. */
  public static final class Response implements HttpResponseMessage, HttpResponseMessage.Builder {
    private HttpStatusType status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Object body;

    Response(HttpStatusType status) {
      this.status = status;
    }

    @Override
    public Builder status(HttpStatusType status) {
      this.status = status;
      return this;
    }

    @Override
    public Builder header(String key, String value) {
      headers.put(key, value);
      return this;
    }

    @Override
    public Builder body(Object body) {
      this.body = body;
      return this;
    }

    @Override
    public HttpResponseMessage build() {
      return this;
    }

    @Override
    public HttpStatusType getStatus() {
      return status;
    }

    @Override
    public String getHeader(String key) {
      return headers.get(key);
    }

    /** Every header set, in the order set (what a host copies onto the wire). */
    public Map<String, String> headers() {
      return java.util.Collections.unmodifiableMap(headers);
    }

    @Override
    public Object getBody() {
      return body;
    }
  }
}
