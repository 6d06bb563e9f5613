package dev.agentbus.embedded;

import dev.agentbus.embedded.internal.core.Bus;
import dev.agentbus.embedded.internal.core.BusThreadGroup;
import dev.agentbus.embedded.internal.core.FatalErrors;
import dev.agentbus.embedded.internal.core.MemoryBudget;
import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.internal.http.ClassPreload;
import dev.agentbus.embedded.internal.http.HeapBounds;
import dev.agentbus.embedded.internal.http.HttpServerAssembly;
import dev.agentbus.embedded.journal.JournalView;
import dev.agentbus.embedded.options.BusInfo;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.options.OptionValues;
import dev.agentbus.embedded.options.ServerOption;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

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

  private final Bus bus;
  private final BusThreadGroup threads;
  private final HttpServerAssembly http;
  private final String host;
  private final int port;
  private final String basePath;
  private final BusNamespace root;
  private final long boundedBytes;

  AgentBusServer(ServerBuilder builder) {
    ClassPreload preload = ClassPreload.begin();
    QuietLogging.apply();
    OptionValues options = builder.options();
    NamespaceOptions defaults = builder.namespaceDefaults();
    // Refuses bounds that do not hold together before any thread starts or port is bound.
    HeapBounds bounds = HeapBounds.of(options);
    this.boundedBytes = bounds.boundedBytes();
    this.host = options.text(ServerOption.HOST);
    this.basePath = options.text(ServerOption.BASE_PATH);
    this.threads = new BusThreadGroup(new FatalErrors());
    this.bus =
        new Bus(
            defaults,
            builder.clock(),
            threads,
            new MemoryBudget(bounds.memoryBudget()),
            options.count(ServerOption.MAX_NAMESPACES));
    // A bus that failed answers its parked polls at once instead of leaving callers waiting.
    threads.fatalErrors().onFailure(failure -> bus.close());
    String token = options.text(ServerOption.TOKEN);
    try {
      this.http =
          HttpServerAssembly.start(
              bus,
              threads,
              options,
              bounds,
              builder.requestLog(),
              token != null ? token : defaults.token());
    } catch (HttpServerAssembly.PortTakenException e) {
      bus.close();
      throw new PortInUseException(host, options.count(ServerOption.PORT), e.getCause());
    } catch (RuntimeException e) {
      bus.close();
      threads.fatalErrors().close();
      threads.close();
      throw e;
    }
    preload.await();
    this.port = http.address().getPort();
    this.root = new EmbeddedBusNamespace(bus, bus.root(), url());
    if (builder.namespaceDropped() != null) {
      Consumer<BusNamespace> dropped = builder.namespaceDropped();
      bus.onNamespaceDropped(namespace -> dropped.accept(handle(namespace)));
    }
    if (builder.namespaceCreated() != null) {
      Consumer<BusNamespace> listener = builder.namespaceCreated();
      bus.onNamespaceCreated(created -> listener.accept(handle(created)));
    }
  }

  /**
   * @return a builder holding the defaults of {@link ServerOption}: 127.0.0.1, an ephemeral port,
   *     no token, and namespaces with {@link NamespaceOptions#defaults()}
   */
  public static ServerBuilder builder() {
    return new ServerBuilder();
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
    http.stopAccepting();
    bus.close();
    try {
      http.drainAndClose();
    } finally {
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

  /** Thrown by {@link ServerBuilder#start()} when the port is taken. */
  public static final class PortInUseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The address the server was to listen on. */
    private final String host;

    /** The port that was taken. */
    private final int port;

    PortInUseException(String host, int port, Throwable cause) {
      super("port " + port + " on " + host + " is already in use; pick another or use 0", cause);
      this.host = host;
      this.port = port;
    }

    /**
     * @return the address asked for
     */
    public String host() {
      return host;
    }

    /**
     * @return the port asked for, the one that is taken
     */
    public int port() {
      return port;
    }
  }
}
