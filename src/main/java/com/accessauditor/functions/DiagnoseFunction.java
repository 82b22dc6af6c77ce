package com.accessauditor.functions;

import com.accessauditor.app.AuditorApp;
import com.accessauditor.diagnose.AccessQuestion;
import com.accessauditor.diagnose.Diagnosis;
import com.accessauditor.diagnose.DiagnosisOutput;
import com.accessauditor.diagnose.DiagnosisPage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * POST /api/diagnose {"principal","scope","action","error"} answers the diagnosis as JSON; a browser's
 * GET /api/diagnose?principal=&scope=&action=&error= gets it as a page (and the form without parameters).
 * Function key and, unless AUDITOR_HTTP_SIGN_IN=keys, an Entra sign-in holding the reader role ({@link HttpAccess}):
 * a diagnosis reveals who holds which role where. The page's form keeps what was typed and the key.
 */
public final class DiagnoseFunction {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 64 * 1024;
  private final Supplier<AuditorApp> app;
  private final HttpAccess access;

  public DiagnoseFunction() {
    this(AppHolder::app, HttpAccess.from(System.getenv()));
  }

  /** What the function answers a caller that got through (the function key alone). */
  DiagnoseFunction(Supplier<AuditorApp> app) {
    this(app, HttpAccess.keysOnly());
  }

  DiagnoseFunction(Supplier<AuditorApp> app, HttpAccess access) {
    this.app = app;
    this.access = access;
  }

  @FunctionName("diagnose")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET, HttpMethod.POST},
          authLevel = AuthorizationLevel.FUNCTION, route = "diagnose") HttpRequestMessage<Optional<String>> request,
      ExecutionContext context) {
    HttpAccess.Decision decision = access.check(request);
    if (decision instanceof HttpAccess.Decision.Refused refused) {
      return HttpAccess.refuse(request, refused);
    }
    boolean browser = request.getHttpMethod() == HttpMethod.GET;
    Map<String, String> typed = browser ? formValues(request.getQueryParameters()) : Map.of();
    if (browser && FORM_FIELDS.stream().allMatch(f -> typed.getOrDefault(f, "").isBlank())) {
      return html(request, HttpStatus.OK, DiagnosisOutput.form("", typed));
    }
    AccessQuestion question;
    try {
      question = browser ? question(typed::get) : question(body(request));
    } catch (IllegalArgumentException e) {
      return browser ? html(request, HttpStatus.BAD_REQUEST, DiagnosisOutput.form(e.getMessage(), typed))
          : request.createResponseBuilder(HttpStatus.BAD_REQUEST).header("Content-Type", "application/json")
              .body(JSON.createObjectNode().put("error", e.getMessage()).toString()).build();
    }
    Diagnosis d = app.get().diagnosis().diagnose(question);
    new FunctionLog(context).info("diagnose for " + ((HttpAccess.Decision.Allowed) decision).caller() + ": "
        + d.verdict() + " for " + d.principalId().orElse("an unresolved principal"));
    return browser ? html(request, HttpStatus.OK, DiagnosisOutput.html(d, typed))
        : request.createResponseBuilder(HttpStatus.OK).header("Content-Type", "application/json")
            .header("Cache-Control", "no-store").body(DiagnosisOutput.json(d).toString()).build();
  }

  /** The form's fields, and the function key so that submitting the form keeps it. */
  private static final List<String> FORM_FIELDS = List.of("principal", "scope", "action", "error");

  private static Map<String, String> formValues(Map<String, String> query) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String field : FORM_FIELDS) {
      Optional.ofNullable(query.get(field)).ifPresent(v -> out.put(field, v));
    }
    Optional.ofNullable(query.get("code")).filter(c -> c.length() <= 200).ifPresent(c -> out.put("code", c));
    return out;
  }

  private static Function<String, String> body(HttpRequestMessage<Optional<String>> request) {
    String text = request.getBody().orElse("");
    if (text.isBlank()) {
      throw new IllegalArgumentException("POST a JSON object with principal, scope, action and/or error");
    }
    if (text.length() > MAX_BODY) {
      throw new IllegalArgumentException("the request body is over " + MAX_BODY / 1024 + " KiB");
    }
    JsonNode json;
    try {
      json = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
    }
    if (!json.isObject()) {
      throw new IllegalArgumentException("the body must be a JSON object with principal, scope, action and/or error");
    }
    return name -> json.path(name).isTextual() ? json.get(name).asText() : null;
  }

  private static AccessQuestion question(Function<String, String> field) {
    return AccessQuestion.of(Optional.ofNullable(field.apply("principal")), Optional.ofNullable(field.apply("scope")),
        Optional.ofNullable(field.apply("action")), Optional.ofNullable(field.apply("error")));
  }

  private static HttpResponseMessage html(HttpRequestMessage<Optional<String>> request, HttpStatus status,
      String page) {
    return PageResponse.of(request, status, page, DiagnosisPage.CONTENT_SECURITY_POLICY);
  }
}
