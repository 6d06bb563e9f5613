package dev.agentbus.junit5;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusConnection;
import dev.agentbus.embedded.remote.RemoteAgentBus;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One bus the extension serves tests from, with what its tests share: one {@link HttpClient} for
 * every injected agent (building one costs about 180 ms in a fresh JVM) and the counter that makes
 * namespace names unique. Kept in a JUnit Store, which closes it: an embedded bus stops then; a
 * remote one is only let go.
 */
final class BusResource implements StoreResource {

  private static final int MAX_READABLE = 80;
  private static final int MAX_CHANNEL_READABLE = 32;

  private final BusConnection connection;
  private final AgentBusServer owned;
  private final String serverToken;
  private final HttpClient http;
  private final String runId;
  private final AtomicLong tests = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  private BusResource(
      BusConnection connection, AgentBusServer owned, String serverToken, HttpClient http) {
    this.connection = connection;
    this.owned = owned;
    this.serverToken = serverToken;
    this.http = http;
    // Tells apart the namespaces of several JVMs (surefire forks, IDE runs) on one external bus.
    this.runId = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
  }

  /** Starts a bus in this JVM, on 127.0.0.1 and a free port. */
  static BusResource embedded() {
    // Both cost hundreds of milliseconds in a fresh JVM, mostly class loading: overlap them.
    CompletableFuture<HttpClient> http = CompletableFuture.supplyAsync(BusResource::newHttpClient);
    AgentBusServer server = AgentBusServer.builder().start();
    return new BusResource(server, server, null, http.join());
  }

  /**
   * Connects to a running bus.
   *
   * @param url its base URL
   * @param token its server-wide token, or {@code null}
   */
  static BusResource remote(URI url, String token) {
    HttpClient http = newHttpClient();
    RemoteAgentBus bus = RemoteAgentBus.builder(url).bearerToken(token).httpClient(http).build();
    return new BusResource(bus, null, token, http);
  }

  private static HttpClient newHttpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade on http://
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  BusConnection connection() {
    return connection;
  }

  HttpClient http() {
    return http;
  }

  /**
   * @return the server-wide token clients must send when their namespace has none, or {@code null}
   */
  String serverToken() {
    return serverToken;
  }

  /**
   * Names for a new test that a reader of a transcript recognises and no other test of this bus
   * has: namespace {@code PingTest.bobAnswers-k3f9-12}, channel {@code bobAnswers-12}.
   *
   * @param testClass the test's simple class name, preceded by those of the classes enclosing it
   *     ({@code Outer.Inside})
   * @param testMethod the test's method name
   * @return letters, digits, {@code .}, {@code _} and {@code -}, at most about 100 characters
   */
  TestNames names(String testClass, String testMethod) {
    long test = tests.incrementAndGet();
    return new TestNames(
        slug(testClass + "." + testMethod, MAX_READABLE) + "-" + runId + "-" + test,
        slug(testMethod, MAX_CHANNEL_READABLE) + "-" + test);
  }

  /**
   * @param namespace the namespace id
   * @param channel the test's channel
   */
  record TestNames(String namespace, String channel) {}

  private static String slug(String readable, int max) {
    StringBuilder slug = new StringBuilder();
    for (int i = 0; i < readable.length() && slug.length() < max; i++) {
      char c = readable.charAt(i);
      boolean plain = c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_');
      slug.append(plain ? c : '_');
    }
    if (slug.length() == 0 || !Character.isLetterOrDigit(slug.charAt(0))) {
      slug.insert(0, 't');
    }
    return slug.toString();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && owned != null) {
      owned.close();
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "agent bus at %s", connection.url());
  }
}
