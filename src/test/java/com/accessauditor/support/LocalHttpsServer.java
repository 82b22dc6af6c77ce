package com.accessauditor.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A local HTTPS server that answers ARM and Graph calls with scripted, documented response shapes. Its
 * certificate is made by keytool at start (SAN IP:127.0.0.1), and {@link #clientTls()} trusts exactly it.
 */
public final class LocalHttpsServer implements AutoCloseable {
  /** @param stall how long to wait before answering; @param reset close the connection without an answer */
  public record Reply(int status, Map<String, String> headers, String body, java.time.Duration stall, boolean reset) {
    public Reply(int status, Map<String, String> headers, String body) {
      this(status, headers, body, java.time.Duration.ZERO, false);
    }

    public static Reply json(int status, String body) {
      return new Reply(status, Map.of("Content-Type", "application/json"), body);
    }

    /** The same reply, given only after {@code wait}: longer than the client's timeout, it is a timeout. */
    public Reply after(java.time.Duration wait) {
      return new Reply(status, headers, body, wait, reset);
    }

    /** The connection is dropped mid-request, as a crashing proxy or a reset would. */
    public static Reply connectionReset() {
      return new Reply(0, Map.of(), "", java.time.Duration.ZERO, true);
    }
  }

  private final HttpsServer server;
  private final SSLContext clientTls;
  private final Map<String, Deque<Reply>> scripted = new ConcurrentHashMap<>();
  private final Map<String, Reply> standing = new ConcurrentHashMap<>();
  private final Map<String, java.util.function.Function<String, Reply>> computed = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> queries = new CopyOnWriteArrayList<>();

  public LocalHttpsServer() throws Exception {
    Path dir = Files.createTempDirectory("https-test");
    Path store = dir.resolve("server.p12");
    char[] password = "test-only".toCharArray();
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "local", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", new String(password)).redirectErrorStream(true).start();
    if (keytool.waitFor() != 0) {
      throw new IllegalStateException("keytool failed: " + new String(keytool.getInputStream().readAllBytes()));
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(store.toFile())) {
      keys.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(kmf.getKeyManagers(), null, null);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(keys);
    clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, tmf.getTrustManagers(), null);

    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
    server.createContext("/", this::answer);
    // One thread per request, so a stalled answer does not hold back the others.
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "local-https");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  public String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  public SSLContext clientTls() {
    return clientTls;
  }

  /** Replies given once each, in order, before the standing reply for the path. */
  public void script(String method, String path, Reply... replies) {
    scripted.computeIfAbsent(method + " " + path.toLowerCase(), k -> new ArrayDeque<>()).addAll(List.of(replies));
  }

  /** The reply for every request to the path once the scripted ones are used up. */
  public void always(String method, String path, Reply reply) {
    standing.put(method + " " + path.toLowerCase(), reply);
  }

  /** A reply computed from the request body, for every request to the path (e.g. Graph getByIds). */
  public void compute(String method, String path, java.util.function.Function<String, Reply> reply) {
    computed.put(method + " " + path.toLowerCase(), reply);
  }

  private volatile int throttleEvery;
  private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();

  /**
   * Answers every n-th request 429 with Retry-After (ARM's and Graph's throttling), before anything else;
   * 0 stops it.
   */
  public void throttleEvery(int n) {
    throttleEvery = n;
  }

  /** The bodies of the standing replies: what the server holds to serve. */
  public List<String> standingBodies() {
    return standing.values().stream().map(Reply::body).toList();
  }

  /** "METHOD /path" of each request received, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** "/path?query" of each request received, the query decoded, in order. */
  public List<String> queries() {
    return List.copyOf(queries);
  }

  public long count(String method, String path) {
    String key = method + " " + path.toLowerCase();
    return requests.stream().filter(r -> r.toLowerCase().equals(key.toLowerCase())).count();
  }

  private void answer(HttpExchange exchange) throws IOException {
    String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = path(exchange.getRequestURI());
    String key = exchange.getRequestMethod() + " " + path.toLowerCase();
    requests.add(exchange.getRequestMethod() + " " + path);
    queries.add(path + "?" + java.util.Objects.toString(exchange.getRequestURI().getQuery(), ""));
    int every = throttleEvery;
    if (every > 0 && received.incrementAndGet() % every == 0) {
      byte[] busy = "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"throttled\"}}"
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Retry-After", "1");
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(429, busy.length);
      exchange.getResponseBody().write(busy);
      exchange.close();
      return;
    }
    Deque<Reply> queue = scripted.get(key);
    java.util.function.Function<String, Reply> dynamic = computed.get(key);
    Reply reply = queue != null && !queue.isEmpty() ? queue.poll()
        : dynamic != null ? dynamic.apply(requestBody)
        : standing.getOrDefault(key,
            Reply.json(404, "{\"error\":{\"code\":\"NotFound\",\"message\":\"no such thing in the test server\"}}"));
    if (!reply.stall().isZero()) {
      try {
        Thread.sleep(reply.stall().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (reply.reset()) {
      exchange.close();
      return;
    }
    reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
    exchange.close();
  }

  /** The SDK joins "https://host/" and "/subscriptions/..." into "//subscriptions/...", which ARM accepts. */
  private static String path(java.net.URI uri) {
    String raw = uri.getRawAuthority() != null && uri.getScheme() == null
        ? "/" + uri.getRawAuthority() + uri.getRawPath()
        : uri.getRawPath();
    return raw.replaceAll("/{2,}", "/");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
