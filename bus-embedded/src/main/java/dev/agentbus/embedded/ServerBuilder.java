package dev.agentbus.embedded;

import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.options.OptionException;
import dev.agentbus.embedded.options.OptionValues;
import dev.agentbus.embedded.options.ServerOption;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Configures and starts an {@link AgentBusServer}; {@link AgentBusServer#builder()} makes one. Each
 * option method is named as its {@link ServerOption}, which says its rule and default, and checks
 * its value at once ({@link OptionException} naming the option); {@link #set} sets any option by
 * the model, as the command line and the Maven plugin do. The other methods are Java hooks, not
 * options: {@link #defaults}, {@link #clock}, {@link #requestLog}, {@link #onNamespaceCreated} and
 * {@link #onNamespaceDropped}. Not thread-safe; use it from one thread.
 */
public final class ServerBuilder {

  private final Map<ServerOption, Object> given = new EnumMap<>(ServerOption.class);
  private NamespaceOptions defaults = NamespaceOptions.defaults();
  private Clock clock = Clock.systemUTC();
  private Consumer<String> requestLog;
  private Consumer<BusNamespace> namespaceDropped;
  private Consumer<BusNamespace> namespaceCreated;

  ServerBuilder() {}

  /**
   * Sets an option by the model, as front ends that read options by name do.
   *
   * @param option the option
   * @param value a value of the option's type (see {@link ServerOption#check}), e.g. from {@link
   *     ServerOption#parse}; {@code null} restores its default
   * @return this builder
   * @throws OptionException for a value that breaks the option's rule
   */
  public ServerBuilder set(ServerOption option, Object value) {
    Object checked = option.check(value);
    if (checked == null) {
      given.remove(option);
    } else {
      given.put(option, checked);
    }
    return this;
  }

  /**
   * @param host the address to listen on; {@link ServerOption#HOST}
   * @return this builder
   */
  public ServerBuilder host(String host) {
    return set(ServerOption.HOST, host);
  }

  /**
   * @param port the port, 0 for an ephemeral one chosen by the OS; {@link ServerOption#PORT}
   * @return this builder
   */
  public ServerBuilder port(int port) {
    return set(ServerOption.PORT, port);
  }

  /**
   * @param basePath serve the bus under this path, like a deployment at {@code
   *     https://host/agent-bus}; {@link ServerOption#BASE_PATH}
   * @return this builder
   */
  public ServerBuilder basePath(String basePath) {
    return set(ServerOption.BASE_PATH, basePath);
  }

  /**
   * A Java hook, not an option: all the namespace options at once.
   *
   * @param options the options of the root namespace and of every namespace a protocol request
   *     creates on first use; default {@link NamespaceOptions#defaults()}. It replaces what {@link
   *     #channellessRecv}, {@link #waf}, {@link #maxQueue}, {@link #recvTimeout} and {@link
   *     #journalLimit} set before; set after, they change one of them.
   * @return this builder
   */
  public ServerBuilder defaults(NamespaceOptions options) {
    this.defaults = Objects.requireNonNull(options, "options");
    for (ServerOption option : ServerOption.values()) {
      if (option.scope() == ServerOption.Scope.NAMESPACE) {
        given.remove(option);
      }
    }
    return this;
  }

  /**
   * @param mode what a recv without channel reads, in namespaces that do not say; {@link
   *     ServerOption#CHANNELLESS_RECV}
   * @return this builder
   */
  public ServerBuilder channellessRecv(ChannellessRecv mode) {
    return set(ServerOption.CHANNELLESS_RECV, mode);
  }

  /**
   * @param timeout how long a blocking recv is held before it answers empty, in namespaces that do
   *     not say; {@link ServerOption#RECV_TIMEOUT}
   * @return this builder
   */
  public ServerBuilder recvTimeout(Duration timeout) {
    return set(ServerOption.RECV_TIMEOUT, timeout);
  }

  /**
   * @param maxQueue messages kept per channel and recipient before the oldest is evicted, in
   *     namespaces that do not say; {@link ServerOption#MAX_QUEUE}
   * @return this builder
   */
  public ServerBuilder maxQueue(int maxQueue) {
    return set(ServerOption.MAX_QUEUE, maxQueue);
  }

  /**
   * @param enabled refuse with 403 any request whose User-Agent lacks {@code Mozilla/}, as the
   *     hosted bus's firewall does, in namespaces that do not say; {@link ServerOption#WAF}
   * @return this builder
   */
  public ServerBuilder waf(boolean enabled) {
    return set(ServerOption.WAF, enabled);
  }

  /**
   * @param limit journal entries kept per namespace before the oldest are discarded, in namespaces
   *     that do not say; {@link ServerOption#JOURNAL_LIMIT}
   * @return this builder
   */
  public ServerBuilder journalLimit(int limit) {
    return set(ServerOption.JOURNAL_LIMIT, limit);
  }

  /**
   * @param maxBodyBytes the largest {@code /send} body accepted (413 beyond); {@link
   *     ServerOption#MAX_BODY_BYTES}
   * @return this builder
   */
  public ServerBuilder maxBodyBytes(int maxBodyBytes) {
    return set(ServerOption.MAX_BODY_BYTES, (long) maxBodyBytes);
  }

  /**
   * @param timeout how long a request's line and headers may take to arrive, counted from its first
   *     byte (the connection is closed beyond it), and then how long its body may take (a 408
   *     beyond it); {@link ServerOption#BODY_READ_TIMEOUT}
   * @return this builder
   */
  public ServerBuilder bodyReadTimeout(Duration timeout) {
    return set(ServerOption.BODY_READ_TIMEOUT, timeout);
  }

  /**
   * @param timeout how long a connection may stay open with no request on it before the bus closes
   *     it (a parked poll is a request: it is not cut), and how long an answer may wait for its
   *     client to read on before the bus closes the connection; {@link ServerOption#IDLE_TIMEOUT}
   * @return this builder
   */
  public ServerBuilder idleTimeout(Duration timeout) {
    return set(ServerOption.IDLE_TIMEOUT, timeout);
  }

  /**
   * @param token require {@code Authorization: Bearer <token>} on every request to every namespace
   *     (401 without); a namespace with a token of its own also accepts that one. {@code null}, the
   *     default, requires nothing; {@link ServerOption#TOKEN}
   * @return this builder
   * @throws OptionException for an empty token, which would silently require nothing, or one that
   *     no header could carry
   */
  public ServerBuilder token(String token) {
    return set(ServerOption.TOKEN, token);
  }

  /**
   * @param threads Undertow I/O threads; {@link ServerOption#IO_THREADS}
   * @return this builder
   */
  public ServerBuilder ioThreads(int threads) {
    return set(ServerOption.IO_THREADS, threads);
  }

  /**
   * @param bytes what all namespaces together may keep of what clients send (queued bodies and
   *     journal entries, estimated generously); {@link ServerOption#MEMORY_BUDGET}. A namespace may
   *     hold at most half of it. When it is reached, a sending namespace gives up its oldest
   *     journal entries, then its oldest queued messages (journaled as evictions), and a send is
   *     refused (507) only when that cannot make room. {@link #start()} refuses a budget under 10
   *     times {@link #maxBodyBytes}: it could not keep one message of the largest size.
   * @return this builder
   */
  public ServerBuilder memoryBudget(long bytes) {
    return set(ServerOption.MEMORY_BUDGET, bytes);
  }

  /**
   * @param bytes the most bytes of {@code /send} bodies the bus holds at once while it reads them,
   *     over all connections together; {@link ServerOption#MAX_BODY_BYTES_IN_FLIGHT}. A declared
   *     length is reserved whole before the body is read, a chunked body part by part; a body that
   *     would pass the cap is refused with a 503 (read to its end and thrown away, so that its
   *     client reads the answer), so that many clients stalling mid-body cannot exhaust the heap.
   *     {@link #start()} refuses a cap under {@link #maxBodyBytes}.
   * @return this builder
   */
  public ServerBuilder maxBodyBytesInFlight(long bytes) {
    return set(ServerOption.MAX_BODY_BYTES_IN_FLIGHT, bytes);
  }

  /**
   * @param bytes the most bytes of rendered admin answers ({@code /_bus/journal}, {@code
   *     /_bus/traffic}, {@code /_bus/transcript}) the bus holds at once while clients read them;
   *     {@link ServerOption#MAX_ADMIN_BYTES_IN_FLIGHT}. An answer that would pass it is replaced by
   *     a 503 saying to retry, so that clients that never read their answers cannot exhaust the
   *     heap.
   * @return this builder
   */
  public ServerBuilder maxAdminBytesInFlight(long bytes) {
    return set(ServerOption.MAX_ADMIN_BYTES_IN_FLIGHT, bytes);
  }

  /**
   * @param bytes the most bytes parked {@code /recv} polls hold at once, estimated from their names
   *     and request heads; {@link ServerOption#MAX_POLL_BYTES_IN_FLIGHT}. A poll that would pass it
   *     is answered 503 saying to retry instead of parking, so that many polls with long names
   *     cannot exhaust the heap. A single poll larger than the whole cap is refused saying so.
   * @return this builder
   */
  public ServerBuilder maxPollBytesInFlight(long bytes) {
    return set(ServerOption.MAX_POLL_BYTES_IN_FLIGHT, bytes);
  }

  /**
   * @param connections the most connections open at once; {@link ServerOption#MAX_CONNECTIONS}, by
   *     default what a tenth of the heap holds at 8 KiB, what an idle connection may hold at most
   *     (about 800 for a 64 MiB heap, 13,107 for 1 GiB). Connections share that many times 8 KiB: a
   *     connection accepted when none is left is answered a fixed 503 saying so and closed before
   *     any of it is read, so that idle connections, however many, cannot exhaust the heap. A
   *     request head longer than 2 KiB takes five bytes more of the share for each byte past that
   *     while it is read, and its connection is closed after the answer and keeps them until it
   *     closes (the parser keeps what it grew for a head as long as its connection lives); a head
   *     that cannot have them closes its connection. Parked polls hold a connection each.
   * @return this builder
   */
  public ServerBuilder maxConnections(int connections) {
    return set(ServerOption.MAX_CONNECTIONS, connections);
  }

  /**
   * @param bound the most namespaces that may exist at once, not counting the root; {@link
   *     ServerOption#MAX_NAMESPACES}. Past it, creating one is refused (507) until finished ones
   *     are dropped.
   * @return this builder
   */
  public ServerBuilder maxNamespaces(int bound) {
    return set(ServerOption.MAX_NAMESPACES, bound);
  }

  /**
   * A Java hook, not an option.
   *
   * @param clock the wall clock timestamps follow; tests pass one that misbehaves
   * @return this builder
   */
  public ServerBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * A Java hook, not an option.
   *
   * @param log receives one line per answered request (method, path, status, time), or {@code null}
   *     for none, the default. It is called on a log thread of its own, never on a thread that
   *     serves requests: a slow log never slows the bus. Up to 10,000 lines wait for it; beyond
   *     that lines are dropped, and a line saying how many follows once it catches up.
   * @return this builder
   */
  public ServerBuilder requestLog(Consumer<String> log) {
    this.requestLog = log;
    return this;
  }

  /**
   * A Java hook, not an option. Tooling that reports on a whole run (the Maven plugin's {@code
   * bus:stop}) keeps the traffic of namespaces that tests drop when they end through this.
   *
   * @param listener told of each namespace dropped (through its handle or {@code DELETE
   *     /ns/<id>/_bus/namespace}), with a handle whose journal and traffic stay readable; called on
   *     the thread that dropped it, so it must return quickly and not throw; {@code null}, the
   *     default, for none
   * @return this builder
   */
  public ServerBuilder onNamespaceDropped(Consumer<BusNamespace> listener) {
    this.namespaceDropped = listener;
    return this;
  }

  /**
   * A Java hook, not an option. Tooling that shows a bus's traffic as it crosses (the Maven
   * plugin's {@code bus:run}) learns of each namespace through this, in time to read its journal
   * from the first entry.
   *
   * @param listener told of each namespace created after the server started (by its first request,
   *     {@code PUT /ns/<id>/_bus/namespace} or {@link AgentBusServer#createNamespace}), not of the
   *     root; called on the creating thread before any request can use or drop the namespace, so it
   *     must return quickly, not throw, and neither create nor drop a namespace; {@code null}, the
   *     default, for none
   * @return this builder
   */
  public ServerBuilder onNamespaceCreated(Consumer<BusNamespace> listener) {
    this.namespaceCreated = listener;
    return this;
  }

  /**
   * Starts the server. Blocks for milliseconds: the port is bound and the bus warmed up when it
   * returns.
   *
   * @return the running server
   * @throws AgentBusServer.PortInUseException when the port is taken
   * @throws OptionException for bounds that each pass but do not hold together, e.g. a memory
   *     budget too small for one body of the largest size, before any port is bound
   */
  public AgentBusServer start() {
    return new AgentBusServer(this);
  }

  OptionValues options() {
    return OptionValues.of(given);
  }

  /** The namespace defaults, with the namespace options set one at a time applied. */
  NamespaceOptions namespaceDefaults() {
    NamespaceOptions.Builder builder = defaults.toBuilder();
    given.forEach(
        (option, value) -> {
          if (option.scope() == ServerOption.Scope.NAMESPACE) {
            builder.set(option, value);
          }
        });
    return builder.build();
  }

  Clock clock() {
    return clock;
  }

  Consumer<String> requestLog() {
    return requestLog;
  }

  Consumer<BusNamespace> namespaceDropped() {
    return namespaceDropped;
  }

  Consumer<BusNamespace> namespaceCreated() {
    return namespaceCreated;
  }
}
