package com.accessauditor.functions;

import com.accessauditor.app.AuditorApp;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The HTTP functions' own handlers (diagnose, findings, who-can) on 127.0.0.1, for people without the Functions
 * host: the JDK's HTTP server stands in for the host, and a key made at start stands in for the function key
 * (in the query as {@code code}, or the {@code x-functions-key} header, as the host takes it). Nobody else on
 * the machine's network can reach it, and nobody without the key gets an answer.
 */
public final class LocalFunctionsHost implements AutoCloseable {
  private static final int MAX_BODY = 64 * 1024;
  private static final Logger LOG = Logger.getLogger("access-auditor.serve");
  private final HttpServer server;
  private final String key;

  private LocalFunctionsHost(HttpServer server, String key) {
    this.server = server;
    this.key = key;
  }

  /** Serves on 127.0.0.1:{@code port} (0: any free port) until closed. */
  public static LocalFunctionsHost start(int port, Supplier<AuditorApp> app) throws IOException {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String key = HexFormat.of().formatHex(random);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    LocalFunctionsHost host = new LocalFunctionsHost(server, key);
    HttpAccess access = HttpAccess.keysOnly(); // the key is checked here, as the host checks function keys
    DiagnoseFunction diagnose = new DiagnoseFunction(app, access);
    FindingsFunction findings = new FindingsFunction(app, access);
    WhoCanFunction whoCan = new WhoCanFunction(app, access);
    host.route("/api/diagnose", "diagnose", diagnose::run);
    host.route("/api/findings", "findings", findings::run);
    host.route("/api/who-can", "whoCan", whoCan::run);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "serve");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return host;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The key a request must carry; printed once, to whoever started the server. */
  public String key() {
    return key;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path + "?code=" + key;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void route(String path, String name,
      BiFunction<HttpRequestMessage<Optional<String>>, ExecutionContext, HttpResponseMessage> function) {
    server.createContext(path, exchange -> {
      try (exchange) {
        if (!exchange.getRequestURI().getPath().equals(path)) {
          reply(exchange, 404, "text/plain; charset=utf-8", "not found: " + path + " is served here");
          return;
        }
        HostedRequest request = request(exchange);
        if (!holdsKey(request)) {
          reply(exchange, 401, "text/plain; charset=utf-8", "the key is missing or wrong: open the address"
              + " `access-auditor serve` printed, which carries it (?code=…)");
          return;
        }
        HttpResponseMessage response = function.apply(request, context(name));
        HostedRequest.Response r = (HostedRequest.Response) response;
        r.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] body = String.valueOf(r.getBody() == null ? "" : r.getBody()).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(r.getStatus().value(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
          exchange.getResponseBody().write(body);
        }
      } catch (RuntimeException e) {
        LOG.warning(name + " failed: " + e);
        reply(exchange, 500, "text/plain; charset=utf-8", "the " + name + " handler failed: " + e.getMessage());
      }
    });
  }

  private boolean holdsKey(HostedRequest request) {
    String given = Optional.ofNullable(request.query().get("code"))
        .or(() -> Optional.ofNullable(request.headers().get("x-functions-key"))).orElse("");
    return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8));
  }

  private static void reply(HttpExchange exchange, int status, String type, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  private static ExecutionContext context(String name) {
    String id = UUID.randomUUID().toString();
    return new ExecutionContext() {
      @Override
      public Logger getLogger() {
        return LOG;
      }

      @Override
      public String getInvocationId() {
        return id;
      }

      @Override
      public String getFunctionName() {
        return name;
      }
    };
  }

  /** The exchange as the Functions host would hand it over: headers lower-cased, the query decoded. */
  private static HostedRequest request(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
    Map<String, String> query = new LinkedHashMap<>();
    String raw = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      query.putIfAbsent(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    HttpMethod method = HttpMethod.value(exchange.getRequestMethod().toUpperCase(Locale.ROOT));
    return new HostedRequest(exchange.getRequestURI(), method, headers, query,
        Optional.of(body(exchange)).filter(b -> !b.isEmpty()));
  }

  /** At most one byte over the functions' limit, so they can say the body is too large. */
  private static String body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return new String(in.readNBytes(MAX_BODY + 1), StandardCharsets.UTF_8);
    }
  }
}
