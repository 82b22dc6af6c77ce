package com.accessauditor.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.alerts.Alert;
import com.accessauditor.app.Alerting;
import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Stores;
import com.accessauditor.app.Tenant;
import com.accessauditor.azure.AzureEndpoints;
import com.accessauditor.azure.AzureTenant;
import com.accessauditor.azure.StorageAccount;
import com.accessauditor.channels.HttpsChannel;
import com.accessauditor.support.Azurite;
import com.accessauditor.support.LocalHttpsServer;
import com.accessauditor.support.LocalHttpsServer.Reply;
import com.accessauditor.support.Resources;
import com.accessauditor.support.TestExecutionContext;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** What a security team would check first: no anonymous HTTP function, and no secret in any log line. */
class SecurityChecksIT {
  private static final String TOKEN = "eyJ0eXAiOiJKV1Qi.SECRET-ACCESS-TOKEN.sig";
  private static final String HOOK_PATH = "/hook/SECRET-PATH-TOKEN";
  private static final String HOOK_CODE = "SECRET-QUERY-CODE";
  private static final String SUB = "/subscriptions/11111111-2222-3333-4444-555555555555";
  private static final String ASSIGNMENT =
      SUB + "/providers/Microsoft.Authorization/roleAssignments/b0f43c54-e787-4862-89b1-a653fa9cf747";
  private static final String OWNER = SUB + "/providers/Microsoft.Authorization/roleDefinitions/"
      + "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

  @Test
  void everyHttpFunctionRequiresAKey() throws Exception {
    List<String> http = new ArrayList<>();
    for (Class<?> type : List.of(AlertDeliveryFunction.class, DiagnoseFunction.class, EventCaptureFunction.class,
        FindingsFunction.class, SweepFunction.class, WhoCanFunction.class)) {
      for (Method m : type.getDeclaredMethods()) {
        for (Annotation[] annotations : m.getParameterAnnotations()) {
          for (Annotation a : annotations) {
            if (a instanceof HttpTrigger trigger) {
              http.add(m.getAnnotation(FunctionName.class).value());
              assertThat(trigger.authLevel()).as(m.toString()).isEqualTo(AuthorizationLevel.FUNCTION);
            }
          }
        }
      }
    }
    assertThat(http).as("events arrive only through the Event Grid trigger: no HTTP function takes them from"
        + " whoever holds a function key").containsExactlyInAnyOrder("diagnose", "findings", "whoCan");
    // What the host reads: the function.json files the build generated (present after `package`).
    Path staged = Path.of("target/azure-functions/access-auditor");
    if (Files.isDirectory(staged)) {
      try (Stream<Path> files = Files.walk(staged)) {
        for (Path file : files.filter(p -> p.getFileName().toString().equals("function.json")).toList()) {
          for (JsonNode binding : new ObjectMapper().readTree(file.toFile()).path("bindings")) {
            if (binding.path("type").asText().equals("httpTrigger")) {
              assertThat(binding.path("authLevel").asText()).as(file.toString()).isEqualToIgnoringCase("function");
            }
          }
        }
      }
    }
  }

  @Test
  void noLogLineCarriesTheAccessTokenOrTheWebhookSecret() throws Exception {
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        StringWriter text = new StringWriter();
        text.append(record.getLevel().toString()).append(' ').append(String.valueOf(record.getMessage()));
        if (record.getThrown() != null) {
          record.getThrown().printStackTrace(new PrintWriter(text));
        }
        logged.add(text.toString());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
    TestExecutionContext context = new TestExecutionContext();
    StorageAccount tables = Azurite.emptyAccount();
    try (LocalHttpsServer server = new LocalHttpsServer()) {
      server.always("GET", ASSIGNMENT, Reply.json(200, Resources.text("functions/owner-assignment.json")
          .replace("%ASSIGNMENT%", ASSIGNMENT).replace("%OWNER%", OWNER).replace("%SCOPE%", SUB)));
      server.always("GET", OWNER, Reply.json(503, "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"x\"}}"));
      server.always("POST", "/v1.0/directoryObjects/getByIds",
          Reply.json(500, "{\"error\":{\"code\":\"InternalServerError\",\"message\":\"x\"}}"));
      server.always("POST", HOOK_PATH, Reply.json(500, "{\"error\":\"down\"}"));
      TokenCredential credential = request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
      AzureTenant tenant = AzureTenant.connect(credential, new AzureEndpoints(server.url(), server.url()),
          server.clientTls(), Duration.ofSeconds(5));
      HttpsChannel webhook = HttpsChannel.of("ops", server.url() + HOOK_PATH.substring(1) + "?code=" + HOOK_CODE,
          HttpsChannel.Format.WEBHOOK, server.clientTls());
      AuditorApp app = new AuditorApp(Tenant.of(tenant), Stores.of(tables), Clock.systemUTC(), List.of(),
          Optional.empty(), Alerting.of(List.of(webhook)), Optional.empty());

      new EventCaptureFunction(() -> app).run(Resources.text("events/roleAssignment_write_owner_at_subscription.json"),
          context);
      new AlertDeliveryFunction(() -> app).run("{}", context);

      assertThat(server.count("POST", HOOK_PATH)).as("the failing webhook was called").isPositive();
      assertThat(server.requests()).anyMatch(r -> r.contains(ASSIGNMENT));
    } finally {
      root.removeHandler(capture);
      System.setOut(out);
      System.setErr(err);
    }

    List<String> everything = new ArrayList<>(logged);
    everything.addAll(context.lines());
    everything.add(console.toString(StandardCharsets.UTF_8));
    tables.alerts().list().stream().map(Alert::lastError).flatMap(Optional::stream).forEach(everything::add);
    assertThat(context.lines()).as("the failures were logged").anyMatch(l -> l.contains("ops"))
        .anyMatch(l -> l.contains("PRIVILEGED_GRANT"));
    assertThat(tables.alerts().list()).anySatisfy(a -> assertThat(a.lastError()).isPresent());
    assertThat(everything).allSatisfy(line -> assertThat(line)
        .doesNotContain("SECRET-ACCESS-TOKEN").doesNotContain("SECRET-PATH-TOKEN").doesNotContain(HOOK_CODE));
  }
}
