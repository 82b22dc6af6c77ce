package com.accessauditor.support;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The HTTP request the Functions host would pass, with a response builder that keeps what was built. */
public final class TestHttpRequest implements HttpRequestMessage<Optional<String>> {
  private final HttpMethod method;
  private final Map<String, String> headers;
  private final Map<String, String> query;
  private final Optional<String> body;

  public TestHttpRequest(HttpMethod method, Map<String, String> headers, Map<String, String> query, String body) {
    this.method = method;
    this.headers = Map.copyOf(headers);
    this.query = Map.copyOf(query);
    this.body = Optional.ofNullable(body);
  }

  public static TestHttpRequest post(String body, Map<String, String> headers) {
    return new TestHttpRequest(HttpMethod.POST, headers, Map.of(), body);
  }

  @Override
  public URI getUri() {
    return URI.create("https://localhost/api/events");
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

    @Override
    public Object getBody() {
      return body;
    }
  }
}
