package dev.agentbus.embedded;

import dev.agentbus.embedded.internal.core.Bus;
import dev.agentbus.embedded.internal.core.BusThreadGroup;
import dev.agentbus.embedded.internal.core.FatalErrors;
import dev.agentbus.embedded.internal.core.MemoryBudget;
import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.internal.http.BusHttpHandler;
import dev.agentbus.embedded.internal.http.ConnectionGate;
import dev.agentbus.embedded.internal.http.HttpListener;
import dev.agentbus.embedded.internal.http.HttpSettings;
import dev.agentbus.embedded.internal.http.RequestGuard;
import dev.agentbus.embedded.internal.http.RequestLog;
import dev.agentbus.embedded.internal.http.Warmup;
import dev.agentbus.embedded.internal.http.XnioErrorWatch;
import dev.agentbus.embedded.journal.JournalView;
import dev.agentbus.embedded.options.BearerTokens;
import dev.agentbus.embedded.options.BusInfo;
import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.traffic.TrafficReport;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.handlers.HttpContinueReadHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

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

  /** Request log lines waiting for a slow consumer before new ones are dropped. */
  private static final int REQUEST_LOG_LINES = 10_000;

  /** The largest request line plus headers; a larger head gets Undertow's empty 400. */
  private static final int MAX_REQUEST_HEAD_BYTES = 64 * 1024;

  /** The smallest memory budget: below it a bus could keep next to nothing. */
  private static final long MIN_MEMORY_BUDGET = 1 << 20;

  private final Bus bus;
  private final BusThreadGroup threads;
  private final RequestLog requestLog;
  private final XnioWorker worker;
  private final XnioErrorWatch errorWatch;
  private final HttpListener listener;
  private final GracefulShutdownHandler shutdown;
  private final BusHttpHandler handler;
  private final String host;
  private final int port;
  private final String basePath;
  private final BusNamespace root;
  private final long boundedBytes;

  private AgentBusServer(Builder builder) {
    QuietLogging.apply();
    NamespaceOptions defaults = builder.defaults.build();
    this.threads = new BusThreadGroup(new FatalErrors());
    this.bus =
        new Bus(
            defaults,
            builder.clock,
            threads,
            new MemoryBudget(
                builder.memoryBudget > 0 ? builder.memoryBudget : MemoryBudget.defaultLimit()),
            builder.maxNamespaces);
    this.requestLog =
        builder.requestLog == null
            ? null
            : new RequestLog(threads, builder.requestLog, REQUEST_LOG_LINES);
    HttpSettings http =
        new HttpSettings(
            builder.basePath,
            builder.maxBodyBytes,
            builder.bodyReadTimeout,
            builder.bearerToken,
            requestLog,
            builder.maxBodyBytesInFlight > 0
                ? builder.maxBodyBytesInFlight
                : defaultInFlightBytes(),
            builder.maxAdminBytesInFlight > 0
                ? builder.maxAdminBytesInFlight
                : defaultInFlightBytes(),
            builder.maxPollBytesInFlight > 0
                ? builder.maxPollBytesInFlight
                : defaultInFlightBytes(),
            builder.maxConnections > 0 ? builder.maxConnections : defaultMaxConnections());
    this.boundedBytes =
        bus.budget().limit()
            + http.maxBodyBytesInFlight()
            + http.maxAdminBytesInFlight()
            + http.maxPollBytesInFlight()
            + (long) http.maxConnections() * ConnectionGate.CONNECTION_BYTES;
    this.handler = new BusHttpHandler(bus, http);
    this.shutdown = Handlers.gracefulShutdown(handler);
    this.basePath = builder.basePath;
    this.worker = startWorker(builder.ioThreads, threads);
    this.errorWatch = new XnioErrorWatch(threads).install();
    // A bus that failed answers its parked polls at once instead of leaving callers waiting.
    threads.fatalErrors().onFailure(failure -> bus.close());
    HttpListener started;
    try {
      started =
          HttpListener.start(
              worker,
              builder.host,
              builder.port,
              OptionMap.builder()
                  .set(Options.BACKLOG, 4096)
                  // An answer its client stops reading would hold its bytes (and its share of the
                  // cap on answers in flight) for as long as the connection lives: give up on it
                  // after as long as an idle connection is kept.
                  .set(Options.WRITE_TIMEOUT, millis(builder.idleTimeout))
                  .getMap(),
              OptionMap.builder()
                  .set(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, true)
                  // The bus decodes the path and query itself, strictly: an escape that is not
                  // UTF-8 gets a JSON 400 naming it, where Undertow's decoder would replace it.
                  .set(UndertowOptions.DECODE_URL, false)
                  .set(UndertowOptions.ALWAYS_SET_DATE, false)
                  // Undertow holds a request's head in memory until it is complete; its default
                  // 1 MiB let a few hundred half-sent heads exhaust a small heap.
                  .set(UndertowOptions.MAX_HEADER_SIZE, MAX_REQUEST_HEAD_BYTES)
                  .set(UndertowOptions.MAX_ENTITY_SIZE, http.maxEntityBytes())
                  // A request line and headers get the body's time limit to arrive, counted from
                  // the first byte, so dribbling or abandoned requests cannot hold connections.
                  .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(builder.bodyReadTimeout))
                  .set(UndertowOptions.NO_REQUEST_TIMEOUT, millis(builder.idleTimeout))
                  .getMap(),
              new RequestGuard(
                  new HttpContinueReadHandler(shutdown),
                  bus,
                  threads.fatalErrors(),
                  handler.connections()),
              handler.connections());
    } catch (RuntimeException e) {
      handler.close();
      bus.close();
      stopWorker();
      closeRequestLog();
      if (causedByBind(e)) {
        throw new PortInUseException(builder.host, builder.port, e);
      }
      throw e;
    }
    this.listener = started;
    InetSocketAddress bound = listener.address();
    boolean warmedUp;
    try {
      warmedUp =
          Warmup.run(
              bound,
              builder.basePath,
              builder.bearerToken != null ? builder.bearerToken : defaults.token());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    if (requestLog != null) {
      requestLog.start(warmedUp);
    }
    this.host = builder.host;
    this.port = bound.getPort();
    this.root = new EmbeddedBusNamespace(bus, bus.root(), url());
    if (builder.namespaceDropped != null) {
      Consumer<BusNamespace> dropped = builder.namespaceDropped;
      bus.onNamespaceDropped(namespace -> dropped.accept(handle(namespace)));
    }
    if (builder.namespaceCreated != null) {
      Consumer<BusNamespace> listener = builder.namespaceCreated;
      bus.onNamespaceCreated(created -> listener.accept(handle(created)));
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

  /**
   * @return the most bytes the bus holds of what clients send, by its bounds: the memory budget
   *     plus the caps on bodies, admin answers and parked polls in flight, plus what its cap on
   *     connections lets idle connections hold. Meant to be compared with the heap: bounds the heap
   *     cannot hold let the bus run out of memory before it refuses anything.
   */
  public long boundedBytes() {
    return boundedBytes;
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
      listener.close();
      handler.close();
      stopWorker();
      closeRequestLog();
      threads.fatalErrors().close();
      threads.close();
    }
  }

  /**
   * The error that failed this bus, if one did: a {@link VirtualMachineError} such as an {@code
   * OutOfMemoryError} on any of its threads. A failed bus has answered its parked polls, refuses
   * every request with a 503 that names the error, and should be closed and replaced.
   *
   * @return the fatal error, or empty while the bus is healthy
   */
  public Optional<Throwable> failure() {
    return threads.fatalErrors().failure().map(FatalErrors.Failure::error);
  }

  /**
   * Runs {@code listener} once if this bus fails (at once if it already has), e.g. to end a process
   * that must not carry on half alive.
   *
   * @param listener receives a one-line description, e.g. {@code java.lang.OutOfMemoryError: Java
   *     heap space on thread agent-bus-timer}; it runs on the failing thread and must not block
   */
  public void onFailure(Consumer<String> listener) {
    threads.fatalErrors().onFailure(failure -> listener.accept(failure.describe()));
  }

  /** I/O and worker threads in the bus's thread group, so that their deaths fail the bus. */
  private static XnioWorker startWorker(int ioThreads, ThreadGroup group) {
    try {
      return Xnio.getInstance(Undertow.class.getClassLoader())
          .createWorker(
              group,
              OptionMap.builder()
                  .set(Options.WORKER_NAME, "agent-bus")
                  .set(Options.WORKER_IO_THREADS, ioThreads)
                  .set(Options.WORKER_TASK_CORE_THREADS, 1)
                  .set(Options.WORKER_TASK_MAX_THREADS, 1)
                  .set(Options.TCP_NODELAY, true)
                  .set(Options.CORK, true)
                  .getMap());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the bus's I/O threads: " + e, e);
    }
  }

  private void stopWorker() {
    errorWatch.close();
    worker.shutdown();
    try {
      if (!worker.awaitTermination(DRAIN_MILLIS, TimeUnit.MILLISECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void closeRequestLog() {
    if (requestLog != null) {
      requestLog.close();
    }
  }

  /**
   * @return the default cap on bytes held for requests in flight, for bodies being read and for
   *     admin answers being written alike: a tenth of the largest heap, a quarter of the default
   *     memory budget, so that both together with the budget stay well within the heap
   */
  private static long defaultInFlightBytes() {
    return Runtime.getRuntime().maxMemory() / 10;
  }

  /**
   * @return the default cap on open connections: a tenth of the largest heap, the share each cap on
   *     bytes in flight gets, divided by what an idle connection may hold at most
   */
  private static int defaultMaxConnections() {
    return (int)
        Math.max(
            1,
            Math.min(Integer.MAX_VALUE, defaultInFlightBytes() / ConnectionGate.CONNECTION_BYTES));
  }

  private static int millis(Duration timeout) {
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
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
    private Duration idleTimeout = Duration.ofSeconds(60);
    private String bearerToken;
    private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private Clock clock = Clock.systemUTC();
    private Consumer<String> requestLog;
    private long memoryBudget;
    private long maxBodyBytesInFlight;
    private long maxAdminBytesInFlight;
    private long maxPollBytesInFlight;
    private int maxConnections;
    private int maxNamespaces = Bus.DEFAULT_MAX_NAMESPACES;
    private Consumer<BusNamespace> namespaceDropped;
    private Consumer<BusNamespace> namespaceCreated;

    private Builder() {}

    /**
     * @param bytes what all namespaces together may keep of what clients send (queued bodies and
     *     journal entries, estimated generously); default two fifths of the JVM's largest heap. A
     *     namespace may hold at most half of it. When it is reached, a sending namespace gives up
     *     its oldest journal entries, then its oldest queued messages (journaled as evictions), and
     *     a send is refused (507) only when that cannot make room. 0 restores the default. {@link
     *     #start()} refuses a budget under 1 MiB or under 10 times {@link #maxBodyBytes}: it could
     *     not keep one message of the largest size.
     * @return this builder
     */
    public Builder memoryBudget(long bytes) {
      this.memoryBudget = bytesOrDefault(bytes, "memoryBudget");
      return this;
    }

    /**
     * @param bytes the most bytes of {@code /send} bodies the bus holds at once while it reads
     *     them, over all connections together; default a tenth of the JVM's largest heap (a quarter
     *     of the default memory budget). A declared length is reserved whole before the body is
     *     read, a chunked body part by part; a body that would pass the cap is refused with a 503
     *     (read to its end and thrown away, so that its client reads the answer), so that many
     *     clients stalling mid-body cannot exhaust the heap. 0 restores the default. {@link
     *     #start()} refuses a cap under {@link #maxBodyBytes}.
     * @return this builder
     */
    public Builder maxBodyBytesInFlight(long bytes) {
      this.maxBodyBytesInFlight = bytesOrDefault(bytes, "maxBodyBytesInFlight");
      return this;
    }

    /**
     * @param bytes the most bytes of rendered admin answers ({@code /_bus/journal}, {@code
     *     /_bus/traffic}, {@code /_bus/transcript}) the bus holds at once while clients read them;
     *     default a tenth of the JVM's largest heap. An answer that would pass it is replaced by a
     *     503 saying to retry, so that clients that never read their answers cannot exhaust the
     *     heap. 0 restores the default.
     * @return this builder
     */
    public Builder maxAdminBytesInFlight(long bytes) {
      this.maxAdminBytesInFlight = bytesOrDefault(bytes, "maxAdminBytesInFlight");
      return this;
    }

    /**
     * @param bytes the most bytes parked {@code /recv} polls hold at once, estimated from their
     *     names and request heads; default a tenth of the JVM's largest heap. A poll that would
     *     pass it is answered 503 saying to retry instead of parking, so that many polls with long
     *     names cannot exhaust the heap. A single poll larger than the whole cap is refused saying
     *     so. 0 restores the default.
     * @return this builder
     */
    public Builder maxPollBytesInFlight(long bytes) {
      this.maxPollBytesInFlight = bytesOrDefault(bytes, "maxPollBytesInFlight");
      return this;
    }

    /**
     * @param connections the most connections open at once; default a tenth of the JVM's largest
     *     heap divided by 8 KiB, what an idle connection may hold at most (about 800 for a 64 MiB
     *     heap, 13,107 for 1 GiB). Connections share that many times 8 KiB: a connection accepted
     *     when none is left is answered a fixed 503 saying so and closed before any of it is read,
     *     so that idle connections, however many, cannot exhaust the heap. A request head longer
     *     than 2 KiB takes five bytes more of the share for each byte past that while it is read,
     *     and its connection is closed after the answer and keeps them until it closes (the parser
     *     keeps what it grew for a head as long as its connection lives); a head that cannot have
     *     them closes its connection. Parked polls hold a connection each. 0 restores the default.
     * @return this builder
     */
    public Builder maxConnections(int connections) {
      if (connections < 0) {
        throw new IllegalArgumentException(
            "maxConnections must be a number of connections, or 0 for its default, got "
                + connections);
      }
      this.maxConnections = connections;
      return this;
    }

    /**
     * @param bound the most namespaces that may exist at once, not counting the root; default
     *     10,000. Past it, creating one is refused (507) until finished ones are dropped.
     * @return this builder
     */
    public Builder maxNamespaces(int bound) {
      this.maxNamespaces = positive(bound, "max namespaces");
      return this;
    }

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
     * @param timeout how long a request's line and headers may take to arrive, counted from its
     *     first byte (the connection is closed beyond it), and then how long its body may take (a
     *     408 beyond it); default 10 s
     * @return this builder
     */
    public Builder bodyReadTimeout(Duration timeout) {
      this.bodyReadTimeout = positive(timeout, "body read timeout");
      return this;
    }

    /**
     * @param timeout how long a connection may stay open with no request on it before the bus
     *     closes it (a parked poll is a request: it is not cut), and how long an answer may wait
     *     for its client to read on before the bus closes the connection; default 60 s
     * @return this builder
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive(timeout, "idle timeout");
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
      if (token != null && BearerTokens.problem(token) != null) {
        throw new IllegalArgumentException(
            "bearer token "
                + BearerTokens.problem(token)
                + ": pass null to require none, or a token of visible ASCII characters");
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
     *     null} for none, the default. It is called on a log thread of its own, never on a thread
     *     that serves requests: a slow log never slows the bus. Up to 10,000 lines wait for it;
     *     beyond that lines are dropped, and a line saying how many follows once it catches up.
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
     * Tooling that shows a bus's traffic as it crosses (the Maven plugin's {@code bus:run}) learns
     * of each namespace through this, in time to read its journal from the first entry.
     *
     * @param listener told of each namespace created after the server started (by its first
     *     request, {@code PUT /ns/<id>/_bus/namespace} or {@link AgentBusServer#createNamespace}),
     *     not of the root; called on the creating thread before any request can use or drop the
     *     namespace, so it must return quickly, not throw, and neither create nor drop a namespace;
     *     {@code null}, the default, for none
     * @return this builder
     */
    public Builder onNamespaceCreated(Consumer<BusNamespace> listener) {
      this.namespaceCreated = listener;
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
      checkBoundsHoldTheLargestRequest();
      return new AgentBusServer(this);
    }

    /**
     * A bound too small for one request of the largest size would refuse it for ever while saying
     * "retry shortly"; such a bus is refused at start instead.
     */
    private void checkBoundsHoldTheLargestRequest() {
      long leastBudget = Math.max(MIN_MEMORY_BUDGET, 10L * maxBodyBytes);
      long budget = memoryBudget > 0 ? memoryBudget : MemoryBudget.defaultLimit();
      if (budget < leastBudget) {
        throw new IllegalArgumentException(
            (memoryBudget > 0
                    ? "a memoryBudget (--memory-budget) of "
                    : "the default memoryBudget, two fifths of the heap, of ")
                + budget
                + " bytes could not keep one message of the largest size: give at least "
                + leastBudget
                + " (1 MiB, and 10 times maxBodyBytes, --max-body, so that half the budget, a"
                + " namespace's share, holds a message and its journal entry)"
                + (memoryBudget > 0 ? "" : ", or give java a larger -Xmx"));
      }
      long bodies = maxBodyBytesInFlight > 0 ? maxBodyBytesInFlight : defaultInFlightBytes();
      if (bodies < maxBodyBytes) {
        throw new IllegalArgumentException(
            (maxBodyBytesInFlight > 0
                    ? "a maxBodyBytesInFlight (--max-body-bytes-in-flight) of "
                    : "the default maxBodyBytesInFlight, a tenth of the heap, of ")
                + bodies
                + " bytes is smaller than maxBodyBytes (--max-body), "
                + maxBodyBytes
                + ": a body of that size could never be read; give at least "
                + maxBodyBytes
                + (maxBodyBytesInFlight > 0 ? "" : ", or give java a larger -Xmx"));
      }
    }

    private static int positive(int value, String what) {
      if (value < 1) {
        throw new IllegalArgumentException(what + " must be positive, got " + value);
      }
      return value;
    }

    /** A bound in bytes; 0 leaves it to its default, a share of the heap. */
    private static long bytesOrDefault(long value, String what) {
      if (value < 0) {
        throw new IllegalArgumentException(
            what + " must be a number of bytes, or 0 for its default, got " + value);
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
