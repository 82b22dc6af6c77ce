package com.accessauditor.functions;

import com.accessauditor.app.AuditorApp;
import com.accessauditor.whocan.WhoCanAnswer;
import com.accessauditor.whocan.WhoCanOutput;
import com.accessauditor.whocan.WhoCanQuestion;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * GET /api/who-can?scope=&action=[&includePaths=true][&format=csv] answers who may do it, as `who-can`
 * does: JSON {"scope","action","complete","principals":[...],"gaps","notes"}, or CSV. Function key and, unless
 * AUDITOR_HTTP_SIGN_IN=keys, an Entra sign-in holding the reader role ({@link HttpAccess}), as for the
 * diagnosis: the answer says who holds which role where.
 */
public final class WhoCanFunction {
  private final Supplier<AuditorApp> app;
  private final HttpAccess access;

  public WhoCanFunction() {
    this(AppHolder::app, HttpAccess.from(System.getenv()));
  }

  WhoCanFunction(Supplier<AuditorApp> app, HttpAccess access) {
    this.app = app;
    this.access = access;
  }

  @FunctionName("whoCan")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.FUNCTION,
          route = "who-can") HttpRequestMessage<Optional<String>> request,
      ExecutionContext context) {
    HttpAccess.Decision decision = access.check(request);
    if (decision instanceof HttpAccess.Decision.Refused refused) {
      return HttpAccess.refuse(request, refused);
    }
    Map<String, String> query = request.getQueryParameters();
    String format = query.getOrDefault("format", "json");
    WhoCanQuestion question;
    try {
      if (!format.equals("json") && !format.equals("csv")) {
        throw new IllegalArgumentException("format must be json or csv");
      }
      question = WhoCanQuestion.of(query.get("scope"), query.get("action"),
          "true".equalsIgnoreCase(query.getOrDefault("includePaths", "false")));
    } catch (IllegalArgumentException e) {
      return request.createResponseBuilder(HttpStatus.BAD_REQUEST).header("Content-Type", "application/json")
          .body(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("error", e.getMessage())
              .toString()).build();
    }
    WhoCanAnswer answer = app.get().whoCan().answer(question);
    new FunctionLog(context).info("who-can for " + ((HttpAccess.Decision.Allowed) decision).caller() + ": "
        + answer.holders().size() + " principal(s)" + (answer.complete() ? "" : ", incomplete"));
    return request.createResponseBuilder(HttpStatus.OK)
        .header("Content-Type", format.equals("csv") ? "text/csv; charset=utf-8" : "application/json")
        .header("Cache-Control", "no-store")
        .body(format.equals("csv") ? WhoCanOutput.csv(answer) : WhoCanOutput.document(answer).toString()).build();
  }
}
