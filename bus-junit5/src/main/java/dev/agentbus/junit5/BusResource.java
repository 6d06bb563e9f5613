package dev.agentbus.junit5;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusConnection;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.remote.RemoteAgentBus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * One bus the extension serves tests from, with what its tests share: one {@link HttpClient} for
 * every injected agent (building one costs a fresh JVM tens of milliseconds without TLS, hundreds
 * with) and the counter that makes namespace names unique. Kept in a JUnit Store, which closes it:
 * an embedded bus stops then; a remote one is only let go.
 */
final class BusResource implements StoreResource {

  /**
   * How long a bus named by {@code agentbus.url} gets to answer its first request. A bus answers in
   * milliseconds; a URL where nothing answers is known as such after this, not after the full
   * timeout of every test's requests.
   */
  static final Duration FIRST_CONTACT = Duration.ofSeconds(5);

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
    // Both cost a fresh JVM class loading: overlap them. The bus is plain http:// on loopback, so
    // its client needs no TLS, the costlier half of an HttpClient's construction.
    CompletableFuture<HttpClient> http =
        CompletableFuture.supplyAsync(() -> newHttpClient(NoTls.httpClientBuilder()));
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
    HttpClient http = newHttpClient(HttpClient.newBuilder());
    RemoteAgentBus bus = RemoteAgentBus.builder(url).bearerToken(token).httpClient(http).build();
    return new BusResource(bus, null, token, http);
  }

  /**
   * Asks the bus for {@code /_bus/info} and waits at most {@link #FIRST_CONTACT} for an answer, any
   * answer: a bus that refuses the request still runs, and says why when the tests ask it for a
   * namespace. Without it, a URL where something accepts connections but never answers would cost
   * every test the admin requests' full timeout.
   *
   * @return why the bus is unusable (no answer in time, or no connection), or empty when it
   *     answered
   * @throws ExtensionConfigurationException if the thread is interrupted while it waits
   */
  Optional<String> firstContact() {
    URI info = URI.create(connection.url() + "/_bus/info");
    HttpRequest request =
        HttpRequest.newBuilder(info)
            .timeout(FIRST_CONTACT)
            .header("User-Agent", BusNamespace.BROWSER_USER_AGENT + " (agent-bus admin)")
            .GET()
            .build();
    CompletableFuture<HttpResponse<Void>> answer =
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    try {
      // bounded here too: the request's timeout may not cover connecting
      answer.get(FIRST_CONTACT.toMillis(), TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (TimeoutException e) {
      answer.cancel(true);
      return Optional.of(noAnswer());
    } catch (ExecutionException e) {
      return Optional.of(
          e.getCause() instanceof HttpTimeoutException
              ? noAnswer()
              : "could not reach the bus (GET /_bus/info: " + e.getCause() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer.cancel(true);
      // not the bus's fault: not an answer to remember for the run
      throw new ExtensionConfigurationException(
          "interrupted while waiting for the bus at " + connection.url() + " to answer", e);
    }
  }

  private static String noAnswer() {
    return "the bus did not answer GET /_bus/info within " + FIRST_CONTACT.toSeconds() + " s";
  }

  /**
   * HTTP/1.1, so that http:// URLs get no h2c upgrade; answers complete on the client's selector
   * thread instead of a hop through the common pool (about 100 µs a request on loopback), which is
   * safe because the agents read bodies as strings and block in {@code send} on their own threads.
   */
  private static HttpClient newHttpClient(HttpClient.Builder builder) {
    return builder
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .executor(Runnable::run)
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
