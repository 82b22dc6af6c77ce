package com.accessauditor.functions;

import com.accessauditor.app.AuditorApp;
import com.accessauditor.findings.FindingExport;
import com.accessauditor.findings.FindingQuery;
import com.accessauditor.findings.FindingSearch;
import com.accessauditor.findings.FindingsPage;
import com.accessauditor.model.StoreUnavailableException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * GET /api/findings?severity=&kind=&status=&since=&principal=&subscription=&page=&pageSize=&format=json|csv|html
 * (a browser, asking for text/html, gets the page: {@link FindingsPage})
 * (function key, and an Entra sign-in holding the reader role: {@link HttpAccess}): the findings table filtered,
 * a page at a time. Filter values are validated; a
 * bad one is a 400 that names it.
 */
public final class FindingsFunction {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Supplier<AuditorApp> app;
  private final HttpAccess access;

  public FindingsFunction() {
    this(AppHolder::app, HttpAccess.from(System.getenv()));
  }

  /** What the function answers a caller that got through (the function key alone). */
  FindingsFunction(Supplier<AuditorApp> app) {
    this(app, HttpAccess.keysOnly());
  }

  FindingsFunction(Supplier<AuditorApp> app, HttpAccess access) {
    this.app = app;
    this.access = access;
  }

  @FunctionName("findings")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.FUNCTION,
          route = "findings") HttpRequestMessage<Optional<String>> request,
      ExecutionContext context) {
    if (access.check(request) instanceof HttpAccess.Decision.Refused refused) {
      return HttpAccess.refuse(request, refused);
    }
    Map<String, String> params = request.getQueryParameters();
    // A browser (it asks for HTML) gets the page; scripts get JSON unless they ask otherwise.
    String accept = request.getHeaders().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("accept"))
        .map(Map.Entry::getValue).findFirst().orElse("");
    String format = params.getOrDefault("format", accept.contains("text/html") ? "html" : "json");
    FindingQuery query;
    int pageNumber;
    int pageSize;
    try {
      if (!format.equals("json") && !format.equals("csv") && !format.equals("html")) {
        throw new IllegalArgumentException("format must be json, csv or html");
      }
      query = FindingQuery.parse(params, Instant.now());
      pageNumber = number(params, "page", 1);
      pageSize = number(params, "pageSize", 100);
      FindingSearch.checkPage(pageNumber, pageSize);
    } catch (IllegalArgumentException e) {
      if (format.equals("html")) {
        return html(request, HttpStatus.BAD_REQUEST, FindingsPage.render(new FindingSearch.Page(List.of(), 1, 100, 0,
            List.of()), params, e.getMessage()));
      }
      return request.createResponseBuilder(HttpStatus.BAD_REQUEST).header("Content-Type", "application/json")
          .body(JSON.createObjectNode().put("error", e.getMessage()).toString()).build();
    }
    FindingSearch.Page page;
    try {
      page = app.get().findings().search(query, pageNumber, pageSize);
    } catch (StoreUnavailableException e) {
      new FunctionLog(context).severe(e.getMessage());
      return request.createResponseBuilder(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "30")
          .body("the findings table cannot be read now").build();
    } catch (RuntimeException e) {
      // Our fault, not the caller's: said as such, with the detail in the log only.
      new FunctionLog(context).severe("findings: " + e);
      return request.createResponseBuilder(HttpStatus.INTERNAL_SERVER_ERROR).header("Content-Type", "application/json")
          .body(JSON.createObjectNode().put("error", "the findings could not be listed; the function's log says why")
              .toString()).build();
    }
    if (!page.unreadable().isEmpty()) {
      new FunctionLog(context).warning(page.unreadable().size() + " findings row(s) skipped: " + page.unreadable());
    }
    HttpResponseMessage.Builder ok = request.createResponseBuilder(HttpStatus.OK).header("Cache-Control", "no-store")
        .header("X-Total-Count", String.valueOf(page.total()))
        .header("X-Unreadable-Count", String.valueOf(page.unreadable().size()));
    if (format.equals("html")) {
      return html(request, HttpStatus.OK, FindingsPage.render(page, params, ""));
    }
    if (format.equals("csv")) {
      return ok.header("Content-Type", "text/csv; charset=utf-8").body(FindingExport.csv(page.items())).build();
    }
    ObjectNode body = JSON.createObjectNode().put("page", page.page()).put("pageSize", page.pageSize())
        .put("total", page.total());
    if (page.hasMore()) {
      body.put("nextPage", page.page() + 1);
    }
    body.set("items", FindingExport.jsonArray(page.items()));
    if (!page.unreadable().isEmpty()) {
      page.unreadable().forEach(body.putArray("unreadable")::add);
    }
    return ok.header("Content-Type", "application/json").body(body.toString()).build();
  }

  private static HttpResponseMessage html(HttpRequestMessage<Optional<String>> request, HttpStatus status,
      String page) {
    return PageResponse.of(request, status, page, FindingsPage.CONTENT_SECURITY_POLICY);
  }

  private static int number(Map<String, String> params, String name, int fallback) {
    String v = params.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number", e);
    }
  }
}
