package dev.agentbus.embedded;

import dev.agentbus.embedded.internal.core.Bus;
import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.internal.http.BusHttpHandler;
import dev.agentbus.embedded.internal.http.HttpSettings;
import dev.agentbus.embedded.journal.JournalView;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
public final class AgentBusServer implements BusConnection, AutoCloseable {

  private static final long DRAIN_MILLIS = 1_000;

  private final Bus bus;
  private final Undertow undertow;
  private final GracefulShutdownHandler shutdown;
  private final BusHttpHandler handler;
  private final String host;
  private final int port;
  private final String basePath;
  private final BusNamespace root;

  private AgentBusServer(Builder builder) {
    QuietLogging.apply();
    NamespaceOptions defaults = builder.defaults.build();
    this.bus = new Bus(defaults, builder.clock);
    HttpSettings http =
        new HttpSettings(
            builder.basePath,
            builder.maxBodyBytes,
            builder.bodyReadTimeout,
            builder.bearerToken,
            builder.requestLog);
    this.handler = new BusHttpHandler(bus, http);
    this.shutdown = Handlers.gracefulShutdown(handler);
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
      handler.close();
      bus.close();
      if (causedByBind(e)) {
        throw new PortInUseException(builder.host, builder.port, e);
      }
      throw e;
    }
    InetSocketAddress bound = (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
    this.host = builder.host;
    this.port = bound.getPort();
    this.root = new EmbeddedBusNamespace(bus, bus.root(), url());
    if (builder.namespaceDropped != null) {
      Consumer<BusNamespace> listener = builder.namespaceDropped;
      bus.onNamespaceDropped(dropped -> listener.accept(handle(dropped)));
    }
  }

  /**
   * @return a builder with the defaults: 127.0.0.1, an ephemeral port, 64 KiB bodies, no token, and
   *     namespaces with {@link NamespaceOptions#defaults()}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return the bus's base URL, e.g. {@code http://127.0.0.1:41234}; clients append {@code /send}
   */
  @Override
  public URI url() {
    String authority = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + authority + ":" + port + basePath);
  }

  /**
   * The base URL of an isolated namespace: a complete bus with its own channels, queues and
   * journal. Its first protocol request creates it with the server's defaults, unless {@link
   * #createNamespace} created it first with options of its own.
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

  @Override
  public BusInfo info() {
    return bus.info(bus.root());
  }

  @Override
  public BusNamespace root() {
    return root;
  }

  @Override
  public BusNamespace createNamespace(String id, NamespaceOptions options) {
    Bus.Creation creation = bus.createNamespace(id, options);
    return handle(creation.namespace());
  }

  @Override
  public Optional<BusNamespace> namespace(String id) {
    return bus.existingNamespace(id).map(this::handle);
  }

  /**
   * @return a handle to every namespace that exists now, not counting the root
   */
  public List<BusNamespace> namespaces() {
    return bus.namespaces().stream().map(this::handle).toList();
  }

  private BusNamespace handle(Namespace namespace) {
    return new EmbeddedBusNamespace(bus, namespace, namespaceUrl(namespace.id()));
  }

  /**
   * @return the root namespace's journal, read-only
   */
  public JournalView journal() {
    return root.journal();
  }

  /**
   * @return the root namespace's traffic, analysed, as the journal stands now
   */
  public TrafficReport traffic() {
    return root.traffic();
  }

  /**
   * @return how many {@code /recv} requests are parked right now, in all namespaces together
   */
  public int parkedPolls() {
    return bus.parkedPolls();
  }

  /**
   * Waits, without polling, until at least {@code count} {@code /recv} requests are parked in all
   * namespaces together. A server shared by several tests should wait on a namespace's own {@link
   * BusNamespace#awaitParkedPolls} instead, which never counts its neighbours' polls.
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
      handler.close();
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
    private NamespaceOptions.Builder defaults = NamespaceOptions.builder();
    private int maxBodyBytes = 65_536;
    private Duration bodyReadTimeout = Duration.ofSeconds(10);
    private String bearerToken;
    private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private Clock clock = Clock.systemUTC();
    private Consumer<String> requestLog;
    private Consumer<BusNamespace> namespaceDropped;

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
     * @param options the options of the root namespace and of every namespace a protocol request
     *     creates on first use; default {@link NamespaceOptions#defaults()}. The per-option methods
     *     below change one of them.
     * @return this builder
     */
    public Builder defaults(NamespaceOptions options) {
      this.defaults = options.toBuilder();
      return this;
    }

    /**
     * @param mode what a recv without channel reads, by default; default {@link
     *     ChannellessRecv#ALL}
     * @return this builder
     */
    public Builder channellessRecv(ChannellessRecv mode) {
      defaults.channellessRecv(mode);
      return this;
    }

    /**
     * @param timeout how long a blocking recv is held before it answers empty, by default; default
     *     30 s
     * @return this builder
     */
    public Builder recvTimeout(Duration timeout) {
      defaults.recvTimeout(timeout);
      return this;
    }

    /**
     * @param maxQueue messages kept per channel and recipient before the oldest is evicted, by
     *     default; default 1,000
     * @return this builder
     */
    public Builder maxQueue(int maxQueue) {
      defaults.maxQueue(maxQueue);
      return this;
    }

    /**
     * @param enabled refuse with 403 any request whose User-Agent lacks {@code Mozilla/}, as the
     *     hosted bus's firewall does, in the root namespace and those created on first use; default
     *     off
     * @return this builder
     */
    public Builder wafEmulation(boolean enabled) {
      defaults.waf(enabled);
      return this;
    }

    /**
     * @param limit journal entries kept per namespace before the oldest are discarded, by default;
     *     default 1,000,000
     * @return this builder
     */
    public Builder journalLimit(int limit) {
      defaults.journalLimit(limit);
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
     * @param token require {@code Authorization: Bearer <token>} on every request to every
     *     namespace (401 without); a namespace with a token of its own also accepts that one.
     *     {@code null}, the default, requires nothing
     * @return this builder
     * @throws IllegalArgumentException for an empty token, which would silently require nothing
     */
    public Builder bearerToken(String token) {
      if (token != null && token.isEmpty()) {
        throw new IllegalArgumentException(
            "bearer token must not be empty: pass null to require none, or a non-empty token");
      }
      this.bearerToken = token;
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
     * Tooling that reports on a whole run (the Maven plugin's {@code bus:stop}) keeps the traffic
     * of namespaces that tests drop when they end through this.
     *
     * @param listener told of each namespace dropped (through its handle or {@code DELETE
     *     /ns/<id>/_bus/namespace}), with a handle whose journal and traffic stay readable; called
     *     on the thread that dropped it, so it must return quickly and not throw; {@code null}, the
     *     default, for none
     * @return this builder
     */
    public Builder onNamespaceDropped(Consumer<BusNamespace> listener) {
      this.namespaceDropped = listener;
      return this;
    }

    /**
     * Starts the server.
     *
     * @return the running server
     * @throws PortInUseException when the port is taken
     */
    public AgentBusServer start() {
      defaults.build(); // reports a bad option before any port is bound
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
