package dev.agentbus.client;

import dev.agentbus.client.payload.Chunking;
import dev.agentbus.client.payload.FileReference;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.client.protocol.Health;
import dev.agentbus.client.protocol.InboxCounts;
import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.client.protocol.RecvResult;
import dev.agentbus.client.protocol.SendAck;
import dev.agentbus.client.protocol.SendRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A client of any agent bus: ours, the hosted one, or the Python reference server.
 *
 * <pre>{@code
 * try (AgentBusClient alice = AgentBusClient.fromEnvironment()) {   // AGENT_BUS_URL, AGENT_NAME...
 *   alice.send("bob", "ping");
 *   for (BusMessage message : alice.poll()) { ... }                  // long-polls, keeps the cursor
 * }
 * }</pre>
 *
 * <p>Configured like the public Python clients: a base URL that may carry a path, a name, a
 * channel, a {@code Mozilla/5.0} user agent (the hosted bus's firewall drops script agents) and an
 * optional bearer token. With no channel configured it sends and polls on {@code default}, as the
 * Python clients do, and warns once; {@link Builder#noChannel()} reproduces an agent that sends no
 * channel at all.
 *
 * <p>Thread-safe. {@link #send} may run concurrently from many threads; polls are serialized
 * because they share the cursor, while {@link #cursor()} never waits for one. Every request has a
 * timeout longer than a server's long-poll (60 s by default). Failures are {@link
 * BusRejectedException} (the bus's status and sentence) or {@link BusUnreachableException}. Clients
 * built without {@link Builder#httpClient} share one HTTP client per JVM, built on first use and
 * kept for the JVM's life.
 */
public final class AgentBusClient implements AutoCloseable {

  /** The user agent sent unless configured otherwise: what the hosted bus's firewall accepts. */
  public static final String DEFAULT_USER_AGENT = "Mozilla/5.0";

  /** The channel the Python clients fall back to when none is configured. */
  public static final String DEFAULT_CHANNEL = "default";

  /** The {@code max} of this client's polls: the protocol's default. */
  public static final int POLL_MAX = 100;

  private static final String HTTP_RULE = "it must start with http:// or https://";

  private final String name;
  private final String channel;
  private final Transport transport;
  private final PollCursor cursor;
  private final Consumer<String> warnings;
  private final ReentrantLock pollLock = new ReentrantLock();
  private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();
  private final ListenerFailures listenerFailures;
  private volatile boolean closed;

  private AgentBusClient(Builder builder) {
    this.name = builder.name;
    this.warnings = builder.warnings;
    switch (builder.channelChoice) {
      case NAMED -> this.channel = builder.channel;
      case NONE -> this.channel = null;
      default -> {
        this.channel = DEFAULT_CHANNEL;
        warnings.accept(
            "agent-bus client "
                + (name == null ? "(no name yet)" : "'" + name + "'")
                + " has no channel configured (set AGENT_BUS_CHANNEL or call Builder.channel(...)):"
                + " it sends and polls on channel 'default', and peers that agreed on another"
                + " channel will not hear it");
      }
    }
    BigDecimal start = builder.startAt != null ? builder.startAt : wallClockSeconds();
    CursorFile file =
        builder.stateDirectory == null || name == null
            ? null
            : new CursorFile(builder.stateDirectory, name, channel);
    this.cursor = new PollCursor(file, start, warnings);
    this.listenerFailures = new ListenerFailures(name, warnings);
    this.transport =
        new Transport(
            stripTrailingSlashes(builder.url.toString()),
            builder.userAgent,
            builder.bearerToken,
            builder.requestTimeout,
            builder.httpClient);
  }

  /**
   * @return a builder; {@link Builder#url} is required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client configured from the process environment, like the public Python clients.
   *
   * @return the client
   * @throws IllegalStateException if {@code AGENT_BUS_URL} is not set or not an http(s) URL
   */
  public static AgentBusClient fromEnvironment() {
    return builderFromEnvironment(System.getenv()).build();
  }

  /**
   * A builder filled from environment variables: {@code AGENT_BUS_URL} (required, trimmed, {@code
   * http://} or {@code https://}), {@code AGENT_NAME}, {@code AGENT_BUS_CHANNEL}, {@code
   * AGENT_BUS_UA}, {@code AGENT_BUS_TOKEN}, {@code AGENT_BUS_STATE_DIR}. Blank values count as
   * unset.
   *
   * @param env the variables, e.g. {@code System.getenv()}
   * @return a builder to adjust further
   * @throws IllegalStateException if {@code AGENT_BUS_URL} is missing or not an http(s) URL; the
   *     message names the variable and its value
   */
  public static Builder builderFromEnvironment(Map<String, String> env) {
    return ClientEnvironment.builder(env);
  }

  /**
   * @return the bus's base URL, without a trailing slash
   */
  public URI url() {
    return URI.create(transport.base());
  }

  /**
   * @return this agent's name: the {@code from} of its sends and the {@code to} of its polls
   */
  public String name() {
    return name;
  }

  /**
   * @return the channel sent and polled, or {@code null} for a client built with {@link
   *     Builder#noChannel()}
   */
  public String channel() {
    return channel;
  }

  /**
   * Sends a message on this client's channel. Blocks until the bus answers or the request timeout.
   *
   * @param to the recipient
   * @param msg the body, any text
   * @return the bus's acknowledgement: timestamp and the channel the message landed on
   * @throws BusRejectedException when the bus refuses it (e.g. 400, 403, or 413 for a body over the
   *     bus's limit, with the size sent)
   * @throws BusUnreachableException when no answer came, or a 200 that is not an acknowledgement
   *     (the message may or may not have landed then; the exception says so). Never retried: a
   *     repeated send would be a repeated message
   */
  public SendAck send(String to, String msg) {
    requireUsable();
    byte[] body = ProtocolJson.write(new SendRequest(name, to, msg, channel));
    return transport.post("/send", body, "POST /send", Answers::sendAck);
  }

  /**
   * Sends a large payload by the chunking convention ({@link Chunking}): gzip, base64, one message
   * per ~5,000 characters, each labelled {@code <tag> i/n sha=<hex>}.
   *
   * @param to the recipient
   * @param tag a one-word label the recipient recognizes
   * @param payload the bytes
   * @return the acknowledgements, one per chunk, in order
   */
  public List<SendAck> sendChunked(String to, String tag, byte[] payload) {
    List<SendAck> acks = new ArrayList<>();
    for (String chunk : Chunking.split(tag, payload)) {
      acks.add(send(to, chunk));
    }
    return acks;
  }

  /**
   * Shares a file by reference ({@link FileReference}): the message carries its path, size and
   * SHA-256, and the recipient reads it from the shared filesystem.
   *
   * @param to the recipient
   * @param file a file the recipient can read at the same path
   * @return the acknowledgement
   * @throws UncheckedIOException if the file cannot be read to hash it
   */
  public SendAck sendFile(String to, Path file) {
    try {
      return send(to, FileReference.of(file).toMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash " + file + " to share it", e);
    }
  }

  /**
   * One poll for this agent, with an explicit cursor; the client's own cursor is untouched.
   *
   * <p>A message in the answer that has its {@code ts} but no string {@code from} or {@code msg} is
   * left out of the result and reported to the warnings; the result's {@link
   * RecvResult#nextSince(BigDecimal, int)} still moves past it.
   *
   * @param since only messages with a larger {@code ts}
   * @param block wait for a message up to the server's long-poll timeout
   * @param max at most this many messages, positive
   * @return the bus's answer
   * @throws BusRejectedException when the bus refuses the poll
   * @throws BusUnreachableException when no answer came or it is not the protocol's (no {@code
   *     messages} array, a message without a {@code ts})
   */
  public RecvResult recv(BigDecimal since, boolean block, int max) {
    Answers.Received received = receive(since, block, max);
    warnAbout(received);
    return received.result();
  }

  private void warnAbout(Answers.Received received) {
    for (AgentBusException unreadable : unreadable(received)) {
      warnings.accept(unreadable.getMessage());
    }
  }

  /** The messages of an answer that were left out, as the errors that report them. */
  private List<AgentBusException> unreadable(Answers.Received received) {
    List<AgentBusException> errors = new ArrayList<>();
    for (Answers.Unreadable message : received.unreadable()) {
      errors.add(
          new AgentBusException(
              "GET /recv for '"
                  + name
                  + "': the bus sent a message this client cannot read ("
                  + message.problem()
                  + "), at ts "
                  + message.ts().toPlainString()
                  + ": "
                  + message.json()
                  + "; it was skipped and is not delivered: ask its sender to send it again",
              null));
    }
    return errors;
  }

  private Answers.Received receive(BigDecimal since, boolean block, int max) {
    requireUsable();
    StringBuilder query =
        new StringBuilder("/recv?to=")
            .append(encode(name))
            .append("&since=")
            .append(since.toPlainString())
            .append("&block=")
            .append(block)
            .append("&max=")
            .append(max);
    if (channel != null) {
      query.append("&channel=").append(encode(channel));
    }
    return transport.get(query.toString(), "GET /recv", body -> Answers.recv(body, max));
  }

  /**
   * Long-polls from the client's cursor and advances it by {@link RecvResult#nextSince(BigDecimal,
   * int)}, persisting it when a state folder is configured. Returns when messages arrive or the
   * server's long-poll times out (then empty): with nothing to read it blocks for that whole
   * timeout, 30 s on our bus unless its namespace says otherwise. Tests that only want to see what
   * is there call {@link #pollNow()}. A cursor file that cannot be written is reported once to the
   * warnings and the cursor is kept in memory.
   *
   * @return the new messages, oldest first, maybe none
   */
  public List<BusMessage> poll() {
    return poll(true);
  }

  /**
   * Like {@link #poll()}, without waiting: returns at once with what is there.
   *
   * @return the new messages, oldest first, maybe none
   */
  public List<BusMessage> pollNow() {
    return poll(false);
  }

  private List<BusMessage> poll(boolean block) {
    pollLock.lock();
    try {
      BigDecimal since = cursor.value();
      Answers.Received received = receive(since, block, POLL_MAX);
      warnAbout(received);
      RecvResult result = received.result();
      cursor
          .advance(result.nextSince(since, POLL_MAX))
          .ifPresent(failure -> warnings.accept(failure.getMessage()));
      return result.messages();
    } finally {
      pollLock.unlock();
    }
  }

  /**
   * @return the cursor the next {@link #poll()} starts from; never blocks
   */
  public BigDecimal cursor() {
    return cursor.value();
  }

  /**
   * Starts a background loop that long-polls and hands each message, in order, to {@code handler}.
   *
   * <p>The cursor moves past a message only after the handler had it, so nothing handed to a
   * listener that is closed midway through a batch is skipped by the next one. Failures worth
   * retrying (connection refused, timeouts, malformed answers, 5xx, 408, 429, and 403, which the
   * hosted bus's firewall sends intermittently) are retried with a backoff from 100 ms to 5 s, or
   * after the answer's {@code Retry-After} (seconds form) when that is longer, up to 60 s; any
   * other refusal (400, 401, 404, a redirect...) stops the loop with {@link Listener#failure()}
   * set, and so does an {@link Error} thrown by the handler (a failed assertion, typically) or an
   * unexpected exception. A {@link RuntimeException} from the handler does not stop it, and neither
   * does a message the client cannot read (one without a sender or body): that one is skipped and
   * reported. Both kinds of handler failure, skipped messages, and every error that stops the loop,
   * are also kept in {@link #listenerFailures()}.
   *
   * @param handler receives each message on the listener's thread
   * @param onError receives the first failure of each outage (retries in the same outage are not
   *     repeated), the failure that stops the loop, every handler exception, every message skipped
   *     as unreadable, and a cursor file that cannot be written (once); called on the listener's
   *     thread
   * @return the running listener; close it to stop
   * @throws IllegalStateException if this client is closed
   */
  public Listener listen(Consumer<BusMessage> handler, Consumer<AgentBusException> onError) {
    requireUsable();
    PollingListener listener =
        new PollingListener(
            this,
            handler,
            onError,
            listenerFailures::record,
            listeners::remove,
            "agent-bus-listener-" + name);
    listeners.add(listener);
    listener.start();
    return listener;
  }

  /**
   * {@link #listen(Consumer, Consumer)} with its errors sent to this client's {@link
   * Builder#warnings warnings} (by default the {@code dev.agentbus.client} system logger, at
   * WARNING): the first failure of each outage (still retried), every handler failure, and the
   * error that stops the loop. {@link #listenerFailures()} keeps the handler failures and stopping
   * errors too.
   *
   * @param handler receives each message on the listener's thread
   * @return the running listener
   */
  public Listener listen(Consumer<BusMessage> handler) {
    return listen(
        handler,
        error -> warnings.accept("agent-bus listener of '" + name + "': " + error.getMessage()));
  }

  /**
   * What went wrong in this client's listeners, oldest first: every exception or error a message
   * handler threw, and every error that stopped a listener (what its {@link Listener#failure()}
   * says). Outages a listener retries are not listed. The first 100 are kept, and the warnings say
   * once when later ones are no longer kept. Thread-safe; never blocks for I/O.
   *
   * @return a snapshot, empty when nothing failed
   */
  public List<AgentBusException> listenerFailures() {
    return listenerFailures.snapshot();
  }

  /**
   * @return the listeners {@link #listen} started on this client that are still running, a
   *     snapshot; thread-safe, never blocks
   */
  public List<Listener> listeners() {
    return List.copyOf(listeners);
  }

  /** One step of a listener: a poll whose cursor moves only once the batch was handled. */
  interface BatchHandler {
    /**
     * @return how many messages of the batch were handled, from the first
     */
    int handle(List<BusMessage> batch);
  }

  /**
   * Polls once and lets {@code handler} take the batch before the cursor moves; runs under the poll
   * lock so that a concurrent {@link #poll()} cannot hand out the same messages.
   *
   * @param unreadable told of each message of the answer that was left out, before the batch
   * @return the first failure to persist the cursor, once
   */
  Optional<CursorNotSavedException> pollAndHandle(
      BatchHandler handler, Consumer<AgentBusException> unreadable) {
    pollLock.lock();
    try {
      BigDecimal since = cursor.value();
      Answers.Received received = receive(since, true, POLL_MAX);
      unreadable(received).forEach(unreadable);
      RecvResult result = received.result();
      int handled = handler.handle(result.messages());
      BigDecimal next =
          handled == result.messages().size()
              ? result.nextSince(since, POLL_MAX)
              : handled == 0 ? since : result.messages().get(handled - 1).ts();
      return cursor.advance(next);
    } finally {
      pollLock.unlock();
    }
  }

  /**
   * @return the bus's health answer
   */
  public Health health() {
    requireOpen();
    return transport.get("/healthz", "GET /healthz", Health.class);
  }

  /**
   * How many messages the bus holds, per channel and recipient, like the reference server's {@code
   * /inbox}. Blocks until the bus answers or the request timeout.
   *
   * @return the counts and the bus clock
   */
  public InboxCounts inbox() {
    requireOpen();
    return transport.get("/inbox", "GET /inbox", InboxCounts.class);
  }

  /**
   * Stops every listener of this client (each within a few seconds). Later requests throw {@link
   * IllegalStateException}. The shared HTTP client stays up for the clients built after this one.
   * Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    for (Listener listener : List.copyOf(listeners)) {
      listener.close();
    }
  }

  /** Whether {@link #close()} was called; its listeners stop quietly once it was. */
  boolean isClosed() {
    return closed;
  }

  private void requireUsable() {
    requireOpen();
    if (name == null) {
      throw new IllegalStateException(
          "this client has no name: set AGENT_NAME or call Builder.name(...)");
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException(
          "this agent-bus client is closed: build a new one to talk to the bus again");
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String stripTrailingSlashes(String url) {
    String stripped = url;
    while (stripped.endsWith("/")) {
      stripped = stripped.substring(0, stripped.length() - 1);
    }
    return stripped;
  }

  private static BigDecimal wallClockSeconds() {
    Instant now = Instant.now();
    return BigDecimal.valueOf(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000, 6);
  }

  /**
   * @return why {@code url} cannot be a bus URL, or {@code null} when it can
   */
  static String urlProblem(String url) {
    if (!isHttp(url)) {
      return HTTP_RULE;
    }
    try {
      return urlProblem(new URI(url));
    } catch (URISyntaxException e) {
      return "it is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")";
    }
  }

  /**
   * Like {@link #urlProblem(String)}, for a URL parsed already: a builder is handed one per client,
   * and parsing it again would be the dearest part of building a client.
   */
  private static String urlProblem(URI uri) {
    if (!isHttp(uri.toString())) {
      return HTTP_RULE;
    }
    if (uri.getHost() == null) {
      return "it names no host";
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      return "it must not carry a query or fragment; paths are joined to it";
    }
    return null;
  }

  private static boolean isHttp(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://");
  }

  private enum ChannelChoice {
    NAMED,
    FALLBACK_DEFAULT,
    NONE
  }

  /** Configures an {@link AgentBusClient}. Not thread-safe. */
  public static final class Builder {
    private URI url;
    private String name;
    private String channel;
    private ChannelChoice channelChoice = ChannelChoice.FALLBACK_DEFAULT;
    private String userAgent = DEFAULT_USER_AGENT;
    private String bearerToken;
    private Duration requestTimeout = Duration.ofSeconds(60);
    private HttpClient httpClient;
    private Path stateDirectory;
    private BigDecimal startAt;
    private Consumer<String> warnings =
        message ->
            System.getLogger("dev.agentbus.client").log(System.Logger.Level.WARNING, message);

    private Builder() {}

    /**
     * @param url the bus's base URL, {@code http://} or {@code https://}; it may carry a path
     *     ({@code https://host/agent-bus})
     * @return this builder
     * @throws IllegalArgumentException if it is not such a URL
     */
    public Builder url(URI url) {
      String problem = urlProblem(Objects.requireNonNull(url, "url"));
      if (problem != null) {
        throw new IllegalArgumentException(
            "the bus URL '" + url + "' is unusable: " + problem + ", e.g. http://127.0.0.1:8080");
      }
      this.url = url;
      return this;
    }

    /**
     * @param name this agent's name, the {@code from} of its sends and {@code to} of its polls
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * @param channel the channel to send and poll on
     * @return this builder
     */
    public Builder channel(String channel) {
      this.channel = Objects.requireNonNull(channel, "channel");
      this.channelChoice = ChannelChoice.NAMED;
      return this;
    }

    /**
     * Sends no channel at all and polls without one: a misconfigured agent, for tests that
     * reproduce the channel mismatch.
     *
     * @return this builder
     */
    public Builder noChannel() {
      this.channel = null;
      this.channelChoice = ChannelChoice.NONE;
      return this;
    }

    /**
     * @param userAgent the {@code User-Agent}; default {@code Mozilla/5.0}
     * @return this builder
     */
    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
      return this;
    }

    /**
     * @param token sent as {@code Authorization: Bearer <token>}; {@code null} for none
     * @return this builder
     */
    public Builder bearerToken(String token) {
      this.bearerToken = token;
      return this;
    }

    /**
     * @param timeout the longest any request may take; keep it above the server's long-poll timeout
     *     (default 60 s)
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * @param client an HTTP client of yours, which the client uses and never closes; default one
     *     HTTP/1.1 client shared by every client of the JVM built without one
     * @return this builder
     */
    public Builder httpClient(HttpClient client) {
      this.httpClient = client;
      return this;
    }

    /**
     * @param directory keep the poll cursor in this folder, in the public {@code bus_recv.py}'s
     *     format ({@code cursor_<name>_<channel>.txt}), so that a restarted agent receives what was
     *     sent while it was down; default none
     * @return this builder
     */
    public Builder stateDirectory(Path directory) {
      this.stateDirectory = directory;
      return this;
    }

    /**
     * @param since where the cursor starts when no stored cursor exists; default the wall clock at
     *     build time, as the Python clients start
     * @return this builder
     */
    public Builder startAt(BigDecimal since) {
      this.startAt = Objects.requireNonNull(since, "since");
      return this;
    }

    /**
     * Starts the cursor at 0: the first poll returns everything the bus holds for this agent.
     *
     * @return this builder
     */
    public Builder startFromBeginning() {
      return startAt(BigDecimal.ZERO);
    }

    /**
     * @param warnings receives the configuration warnings (a missing channel, a cursor file that
     *     cannot be read or written) and the errors of listeners started without an error callback;
     *     called on the thread that met them; default the {@code dev.agentbus.client} system logger
     * @return this builder
     */
    public Builder warnings(Consumer<String> warnings) {
      this.warnings = Objects.requireNonNull(warnings, "warnings");
      return this;
    }

    /**
     * @return the client
     * @throws NullPointerException if no URL was set
     */
    public AgentBusClient build() {
      Objects.requireNonNull(url, "url: call Builder.url(...) or use builderFromEnvironment");
      return new AgentBusClient(this);
    }
  }
}
