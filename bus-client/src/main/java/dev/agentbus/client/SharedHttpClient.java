package dev.agentbus.client;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The one {@link HttpClient} that clients built without their own share, built on first use and
 * kept for the life of the JVM.
 *
 * <p>Building an {@code HttpClient} costs a fresh JVM about half a second of CPU (the JDK's default
 * TLS context included) and about a millisecond in a warm one, and each runs a selector thread, so
 * neither a test that builds twenty agents nor a test suite that builds and closes clients test
 * after test should pay that again. Kept, it costs one idle daemon thread and the keep-alive
 * connections the JDK pools (a connection closed by its bus leaves the pool). This is the one piece
 * of JVM-wide state in the client library; it holds no configuration, so clients that share it
 * cannot affect each other. Thread-safe.
 */
final class SharedHttpClient {

  private SharedHttpClient() {}

  /**
   * @return the shared client, built by the first call
   */
  static HttpClient get() {
    return Holder.CLIENT;
  }

  /**
   * An HTTP/1.1 client (the JDK's default HTTP/2 would send an h2c upgrade on every http:// URL)
   * that completes exchanges on its selector thread instead of handing each to the common pool: a
   * hop that costs about 100 µs a request on loopback. That is safe because nothing waits on that
   * thread: bodies are read as strings, and callers block in {@code send} on their own thread
   * rather than chaining stages onto the answer.
   */
  static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .executor(Runnable::run)
        .build();
  }

  /** Built when first asked for, not when the class loads: the JVM makes that thread-safe. */
  private static final class Holder {
    private static final HttpClient CLIENT = newClient();
  }
}
