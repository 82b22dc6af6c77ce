package com.accessauditor.functions;

import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import java.util.Optional;

/** A page for a browser: never cached, never sniffed, never framed, and only its own style and script run. */
final class PageResponse {
  private PageResponse() {}

  static HttpResponseMessage of(HttpRequestMessage<Optional<String>> request, HttpStatus status, String page,
      String contentSecurityPolicy) {
    return request.createResponseBuilder(status).header("Content-Type", "text/html; charset=utf-8")
        .header("Content-Security-Policy", contentSecurityPolicy)
        .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store")
        .header("Referrer-Policy", "no-referrer").body(page).build();
  }
}
