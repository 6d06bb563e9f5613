package dev.agentbus.client;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The one {@link HttpClient} that clients built without their own share, counted by lease.
 *
 * <p>Building an {@code HttpClient} costs about 180 ms in a fresh JVM and each one runs a selector
 * thread, so a test that builds twenty agents should not pay that twenty times. The client lives
 * while at least one lease is open; when the last is closed it is released (closed on a JDK where
 * {@code HttpClient} is closeable, left to the garbage collector on Java 17), and the next lease
 * builds a fresh one. This is the one piece of JVM-wide state in the client library; it holds no
 * configuration, so clients that share it cannot affect each other. Thread-safe.
 */
final class SharedHttpClient {

  private static final Object LOCK = new Object();
  private static HttpClient current;
  private static int leases;

  private SharedHttpClient() {}

  /** A lease on the shared client; close it when the {@link AgentBusClient} closes. */
  static Lease acquire() {
    synchronized (LOCK) {
      if (current == null) {
        current = newClient();
      }
      leases++;
      return new Lease(current);
    }
  }

  /**
   * An HTTP/1.1 client: the JDK's default HTTP/2 would send an h2c upgrade on every http:// URL.
   */
  static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  private static void release(HttpClient client) {
    HttpClient toClose = null;
    synchronized (LOCK) {
      if (client != current) {
        return;
      }
      leases--;
      if (leases == 0) {
        toClose = current;
        current = null;
      }
    }
    if (toClose instanceof AutoCloseable closeable) { // Java 21 and later
      try {
        closeable.close();
      } catch (Exception e) {
        // closing only frees its thread; the client is no longer used either way
      }
    }
  }

  /** One user's claim on the shared client. Idempotent close. */
  static final class Lease implements AutoCloseable {
    private final HttpClient client;
    private boolean closed;

    private Lease(HttpClient client) {
      this.client = client;
    }

    HttpClient client() {
      return client;
    }

    @Override
    public void close() {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      release(client);
    }
  }
}
