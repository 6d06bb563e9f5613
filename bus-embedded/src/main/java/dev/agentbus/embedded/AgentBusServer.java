package dev.agentbus.embedded;

import dev.agentbus.embedded.internal.core.Bus;
import dev.agentbus.embedded.internal.core.BusSettings;
import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.internal.http.BusHttpHandler;
import dev.agentbus.embedded.internal.http.HttpSettings;
import dev.agentbus.embedded.journal.TrafficJournal;
import dev.agentbus.embedded.traffic.TrafficAnalysis;
import dev.agentbus.embedded.traffic.TrafficReport;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.xnio.Options;

/**
 * An agent bus served over HTTP by an embedded Undertow: the whole protocol at its root and,
 * independently, under {@code /ns/<id>/} for any number of isolated namespaces.
 *
 * <pre>{@code
 * try (AgentBusServer bus = AgentBusServer.builder().start()) {
 *   URI url = bus.url();                    // http://127.0.0.1:<ephemeral port>
 *   URI isolated = bus.namespaceUrl("t-1"); // a complete, separate bus
 * }
 * }</pre>
 *
 * <p>Start and stop take milliseconds. {@link #close()} answers every parked poll at once and
 * returns when their answers are written (at most about a second). Thread-safe.
 */
public final class AgentBusServer implements AutoCloseable {

  private static final long DRAIN_MILLIS = 1_000;

  private final Bus bus;
  private final Undertow undertow;
  private final GracefulShutdownHandler shutdown;
  private final String host;
  private final int port;
  private final String basePath;

  private AgentBusServer(Builder builder) {
    this.bus =
        new Bus(
            new BusSettings(
                builder.channellessRecv,
                builder.recvTimeout,
                builder.maxQueue,
                builder.journalLimit),
            builder.clock);
    HttpSettings http =
        new HttpSettings(
            builder.basePath,
            builder.maxBodyBytes,
            builder.bodyReadTimeout,
            builder.wafEmulation,
            builder.bearerToken,
            builder.requestLog);
    this.shutdown = Handlers.gracefulShutdown(new BusHttpHandler(bus, http));
    this.basePath = builder.basePath;
    this.undertow =
        Undertow.builder()
            .addHttpListener(builder.port, builder.host)
            .setIoThreads(builder.ioThreads)
            .setWorkerThreads(1)
            .setSocketOption(Options.BACKLOG, 4096)
            .setServerOption(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, true)
            .setServerOption(UndertowOptions.ALWAYS_SET_DATE, false)
            .setHandler(shutdown)
            .build();
    try {
      undertow.start();
    } catch (RuntimeException e) {
      bus.close();
      if (causedByBind(e)) {
        throw new PortInUseException(builder.host, builder.port, e);
      }
      throw e;
    }
    InetSocketAddress bound = (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
    this.host = builder.host;
    this.port = bound.getPort();
  }

  /**
   * @return a builder with the defaults: 127.0.0.1, an ephemeral port, channel-less recv reads all
   *     channels, 30 s long-poll, 1,000 messages per queue, 64 KiB bodies, no firewall emulation,
   *     no token
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return the bus's base URL, e.g. {@code http://127.0.0.1:41234}; clients append {@code /send}
   */
  public URI url() {
    String authority = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + authority + ":" + port + basePath);
  }

  /**
   * The base URL of an isolated namespace: a complete bus with its own channels, queues and
   * journal. The namespace is created by its first request.
   *
   * @param id letters, digits, {@code .}, {@code _} or {@code -}, at most 128
   * @return e.g. {@code http://127.0.0.1:41234/ns/t-1}
   */
  public URI namespaceUrl(String id) {
    return URI.create(url() + "/ns/" + id);
  }

  /**
   * @return the host the server listens on
   */
  public String host() {
    return host;
  }

  /**
   * @return the port the server listens on (the real one when port 0 was asked for)
   */
  public int port() {
    return port;
  }

  /**
   * @return the journal of the root namespace
   */
  public TrafficJournal journal() {
    return bus.root().journal();
  }

  /**
   * The journal of a namespace, creating the namespace if no request used it yet.
   *
   * @param namespaceId the namespace id
   * @return its journal
   * @throws IllegalArgumentException if the id is not a valid namespace id
   */
  public TrafficJournal journal(String namespaceId) {
    return bus.namespace(namespaceId).journal();
  }

  /**
   * The root namespace's traffic, analysed: every message with its delivery outcome.
   *
   * @return the report as the journal stands now
   */
  public TrafficReport traffic() {
    return analyze(bus.root());
  }

  /**
   * A namespace's traffic, analysed: every message with its delivery outcome and, for those that
   * reached nobody, why.
   *
   * @param namespaceId the namespace id
   * @return the report as the journal stands now
   */
  public TrafficReport traffic(String namespaceId) {
    return analyze(bus.namespace(namespaceId));
  }

  private static TrafficReport analyze(Namespace namespace) {
    return TrafficAnalysis.analyze(
        namespace.id(), namespace.channellessRecv(), namespace.journal());
  }

  /**
   * Forgets a namespace: answers its parked polls and discards its messages and journal.
   *
   * @param namespaceId the namespace id
   * @return {@code true} if it existed
   */
  public boolean dropNamespace(String namespaceId) {
    return bus.dropNamespace(namespaceId);
  }

  /**
   * @return how many {@code /recv} requests are parked right now, in all namespaces
   */
  public int parkedPolls() {
    return bus.parkedPolls();
  }

  /**
   * Waits, without polling, until at least {@code count} {@code /recv} requests are parked in all
   * namespaces together: the moment an agent is known to be listening.
   *
   * @param count how many parked polls to wait for
   * @param timeout the longest wait
   * @return {@code true} if that many were parked in time, {@code false} on timeout
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean awaitParkedPolls(int count, Duration timeout) throws InterruptedException {
    return bus.awaitParkedPolls(count, timeout);
  }

  /**
   * Stops the server: refuses new requests, answers every parked poll at once, waits up to a second
   * for the answers to be written, and closes the port. Idempotent.
   */
  @Override
  public void close() {
    shutdown.shutdown();
    bus.close();
    try {
      shutdown.awaitShutdown(DRAIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      undertow.stop();
    }
  }

  private static boolean causedByBind(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  /** Thrown by {@link Builder#start()} when the port is taken. */
  public static final class PortInUseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortInUseException(String host, int port, Throwable cause) {
      super("port " + port + " on " + host + " is already in use; pick another or use 0", cause);
    }
  }

  /** Configures and starts an {@link AgentBusServer}. Not thread-safe; use it from one thread. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private String basePath = "";
    private ChannellessRecv channellessRecv = ChannellessRecv.ALL;
    private Duration recvTimeout = Duration.ofSeconds(30);
    private int maxQueue = 1_000;
    private int maxBodyBytes = 65_536;
    private Duration bodyReadTimeout = Duration.ofSeconds(10);
    private boolean wafEmulation;
    private String bearerToken;
    private int journalLimit = 1_000_000;
    private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private Clock clock = Clock.systemUTC();
    private Consumer<String> requestLog;

    private Builder() {}

    /**
     * @param host the address to listen on; default {@code 127.0.0.1}
     * @return this builder
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * @param port the port; default 0, an ephemeral port chosen by the OS
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * @param basePath serve the bus under this path, like a deployment at {@code
     *     https://host/agent-bus}; default the root
     * @return this builder
     */
    public Builder basePath(String basePath) {
      String trimmed = basePath.strip();
      while (trimmed.endsWith("/")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      this.basePath = trimmed.isEmpty() || trimmed.startsWith("/") ? trimmed : "/" + trimmed;
      return this;
    }

    /**
     * @param mode what a recv without channel reads; default {@link ChannellessRecv#ALL}
     * @return this builder
     */
    public Builder channellessRecv(ChannellessRecv mode) {
      this.channellessRecv = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * @param timeout how long a blocking recv is held before it answers empty; default 30 s
     * @return this builder
     */
    public Builder recvTimeout(Duration timeout) {
      this.recvTimeout = positive(timeout, "recv timeout");
      return this;
    }

    /**
     * @param maxQueue messages kept per channel and recipient before the oldest is evicted; default
     *     1,000
     * @return this builder
     */
    public Builder maxQueue(int maxQueue) {
      this.maxQueue = positive(maxQueue, "max queue");
      return this;
    }

    /**
     * @param maxBodyBytes the largest {@code /send} body accepted (413 beyond); default 65,536
     * @return this builder
     */
    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = positive(maxBodyBytes, "max body");
      return this;
    }

    /**
     * @param timeout how long a request body may take to arrive before a 408; default 10 s
     * @return this builder
     */
    public Builder bodyReadTimeout(Duration timeout) {
      this.bodyReadTimeout = positive(timeout, "body read timeout");
      return this;
    }

    /**
     * @param enabled refuse with 403 any request whose User-Agent lacks {@code Mozilla/}, as the
     *     hosted bus's firewall does; default off
     * @return this builder
     */
    public Builder wafEmulation(boolean enabled) {
      this.wafEmulation = enabled;
      return this;
    }

    /**
     * @param token require {@code Authorization: Bearer <token>} (401 without); {@code null}, the
     *     default, requires nothing
     * @return this builder
     */
    public Builder bearerToken(String token) {
      this.bearerToken = token == null || token.isEmpty() ? null : token;
      return this;
    }

    /**
     * @param limit journal entries kept per namespace before the oldest are discarded; default
     *     1,000,000
     * @return this builder
     */
    public Builder journalLimit(int limit) {
      this.journalLimit = positive(limit, "journal limit");
      return this;
    }

    /**
     * @param threads Undertow I/O threads; default the number of cores, at least 2
     * @return this builder
     */
    public Builder ioThreads(int threads) {
      this.ioThreads = positive(threads, "I/O threads");
      return this;
    }

    /**
     * @param clock the wall clock timestamps follow; tests pass one that misbehaves
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param log receives one line per answered request (method, path, status, time), or {@code
     *     null} for none, the default
     * @return this builder
     */
    public Builder requestLog(Consumer<String> log) {
      this.requestLog = log;
      return this;
    }

    /**
     * Starts the server.
     *
     * @return the running server
     * @throws PortInUseException when the port is taken
     */
    public AgentBusServer start() {
      return new AgentBusServer(this);
    }

    private static int positive(int value, String what) {
      if (value < 1) {
        throw new IllegalArgumentException(what + " must be positive, got " + value);
      }
      return value;
    }

    private static Duration positive(Duration value, String what) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + value);
      }
      return value;
    }
  }
}
