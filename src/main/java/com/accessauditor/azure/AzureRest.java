package com.accessauditor.azure;

import com.accessauditor.model.Lookup;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One REST endpoint (ARM or Graph) through an azure-core pipeline (token, retries with Retry-After): requests,
 * the one pager for every paged answer, and the rule that an answer not in its documented shape fails.
 */
final class AzureRest {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpPipeline pipeline;
  private final String endpoint;

  AzureRest(HttpPipeline pipeline, String endpoint) {
    this.pipeline = pipeline;
    this.endpoint = endpoint;
  }

  /** An absolute URL for a path on this endpoint. */
  String url(String pathAndQuery) {
    return endpoint + (pathAndQuery.startsWith("/") ? pathAndQuery.substring(1) : pathAndQuery);
  }

  /** One request; {@code body} null for none. */
  record Request(HttpMethod method, String url, ObjectNode body) {
    static Request get(String url) {
      return new Request(HttpMethod.GET, url, null);
    }
  }

  /**
   * Every row of a paged answer, in its documented shape, following whichever way this API pages: ARM's
   * {@code nextLink}, Graph's {@code @odata.nextLink} (both URLs to GET), or Resource Graph's
   * {@code $skipToken} (the same request again with the token in its options).
   *
   * @param field the array each page holds its rows in ("value", "data")
   */
  <T> List<T> pages(Request first, String field, String what, Function<JsonNode, T> row) {
    List<T> out = new ArrayList<>();
    for (Optional<Request> next = Optional.of(first); next.isPresent(); ) {
      Request request = next.get();
      JsonNode page = send(request.method(), request.url(), request.body() == null ? null : request.body().toString());
      for (JsonNode item : items(page, field, what)) {
        out.add(row.apply(item));
      }
      next = next(request, page);
    }
    return out;
  }

  /** Every row of an ARM list (its "value" arrays, nextLink followed) at a path on this endpoint. */
  <T> List<T> list(String pathAndQuery, Function<JsonNode, T> row) {
    return pages(Request.get(url(pathAndQuery)), "value", "ARM list", row);
  }

  private static Optional<Request> next(Request request, JsonNode page) {
    for (String link : List.of("nextLink", "@odata.nextLink")) {
      if (page.path(link).isTextual() && !page.get(link).asText().isBlank()) {
        return Optional.of(Request.get(page.get(link).asText()));
      }
    }
    if (page.path("$skipToken").isTextual() && request.body() != null) {
      ObjectNode body = request.body().deepCopy();
      ((ObjectNode) body.get("options")).put("$skipToken", page.get("$skipToken").asText());
      return Optional.of(new Request(request.method(), request.url(), body));
    }
    return Optional.empty();
  }

  /**
   * The rows of a page in its documented shape. A 200 without the array ({}, an HTML error page turned
   * JSON, a proxy's answer) is a failed read: taken as "empty", it would call live principals deleted and
   * resolve findings for grants that still exist.
   */
  static JsonNode items(JsonNode page, String field, String what) {
    JsonNode rows = page == null ? null : page.get(field);
    if (rows == null || !rows.isArray()) {
      throw new IllegalStateException(what + " answered 200 without a \"" + field + "\" array, which is not its"
          + " documented shape; nothing in it is used");
    }
    return rows;
  }

  /** Sends one request through the pipeline (retries, token); a non-2xx answer throws with its status. */
  JsonNode send(HttpMethod method, String url, String body) {
    HttpRequest request = new HttpRequest(method, url);
    if (body != null) {
      request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json").setBody(body);
    } else if (method == HttpMethod.POST) {
      request.setHeader(HttpHeaderName.CONTENT_LENGTH, "0");
    }
    try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
      String text = response.getBodyAsBinaryData().toString();
      if (response.getStatusCode() / 100 != 2) {
        throw new HttpResponseException(method + " " + url.replaceAll("\\?.*", "") + " answered "
            + response.getStatusCode() + errorCode(text), response, text);
      }
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** ARM's and Graph's error code ({"error":{"code":...}}), which says what to do: AuthorizationFailed, ... */
  private static String errorCode(String body) {
    try {
      JsonNode code = JSON.readTree(body).path("error").path("code");
      return code.isTextual() && code.asText().matches("[A-Za-z0-9_.]{1,80}") ? " " + code.asText() : "";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** A read as a {@link Lookup}: a 404 is "not found" (evidence), anything else "failed" (a gap, not "gone"). */
  static <T> Lookup<T> call(String what, Supplier<T> read) {
    try {
      T value = read.get();
      return value == null ? Lookup.notFound(what) : Lookup.found(value);
    } catch (HttpResponseException e) {
      int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
      if (status == 404) {
        return Lookup.notFound(what);
      }
      return Lookup.failed(what + ": " + describe(e));
    } catch (RuntimeException e) {
      return Lookup.failed(what + ": " + describe(e));
    }
  }

  static String describe(RuntimeException e) {
    if (e instanceof HttpResponseException h) {
      return "HTTP " + (h.getResponse() == null ? 0 : h.getResponse().getStatusCode()) + " " + firstLine(e.getMessage());
    }
    return e.getClass().getSimpleName() + " " + firstLine(e.getMessage());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
