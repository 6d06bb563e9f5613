package dev.agentbus.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.client.payload.Chunking;
import dev.agentbus.client.payload.FileReference;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.client.protocol.Health;
import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.client.protocol.RecvResult;
import dev.agentbus.client.protocol.SendAck;
import dev.agentbus.client.protocol.SendRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
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
 * <p>Thread-safe. {@link #send} may run concurrently from many threads; {@link #poll()} calls are
 * serialized because they share the cursor. Every request has a timeout longer than a server's
 * long-poll (60 s by default). Failures are {@link BusRejectedException} (the bus's status and
 * sentence) or {@link BusUnreachableException}.
 */
public final class AgentBusClient implements AutoCloseable {

  /** The user agent sent unless configured otherwise: what the hosted bus's firewall accepts. */
  public static final String DEFAULT_USER_AGENT = "Mozilla/5.0";

  /** The channel the Python clients fall back to when none is configured. */
  public static final String DEFAULT_CHANNEL = "default";

  private static final int DEFAULT_MAX = 100;

  private final String base;
  private final String name;
  private final String channel;
  private final String userAgent;
  private final String bearerToken;
  private final Duration requestTimeout;
  private final HttpClient http;
  private final CursorStore cursorStore;
  private final Object cursorLock = new Object();
  private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();
  private BigDecimal cursor;

  private AgentBusClient(Builder builder) {
    this.base = stripTrailingSlashes(Objects.requireNonNull(builder.url, "url").toString());
    this.name = builder.name;
    this.userAgent = builder.userAgent;
    this.bearerToken = builder.bearerToken;
    this.requestTimeout = builder.requestTimeout;
    this.http =
        builder.httpClient != null
            ? builder.httpClient
            : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance on http://
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    switch (builder.channelChoice) {
      case NAMED -> this.channel = builder.channel;
      case NONE -> this.channel = null;
      default -> {
        this.channel = DEFAULT_CHANNEL;
        builder.warnings.accept(
            "agent-bus client '"
                + name
                + "' has no channel configured (set AGENT_BUS_CHANNEL): it sends and polls on"
                + " channel 'default', and peers that agreed on another channel will not hear it");
      }
    }
    this.cursorStore =
        builder.stateDirectory == null || name == null
            ? null
            : new CursorStore(builder.stateDirectory, name, channel);
    BigDecimal stored = cursorStore == null ? null : cursorStore.load().orElse(null);
    if (stored != null) {
      this.cursor = stored;
    } else {
      this.cursor = builder.startAt != null ? builder.startAt : Builder.wallClockSeconds();
    }
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
   * @throws IllegalStateException if {@code AGENT_BUS_URL} is not set
   */
  public static AgentBusClient fromEnvironment() {
    return builderFromEnvironment(System.getenv()).build();
  }

  /**
   * A builder filled from environment variables: {@code AGENT_BUS_URL} (required), {@code
   * AGENT_NAME}, {@code AGENT_BUS_CHANNEL}, {@code AGENT_BUS_UA}, {@code AGENT_BUS_TOKEN}, {@code
   * AGENT_BUS_STATE_DIR}. Blank values count as unset.
   *
   * @param env the variables, e.g. {@code System.getenv()}
   * @return a builder to adjust further
   * @throws IllegalStateException if {@code AGENT_BUS_URL} is missing
   */
  public static Builder builderFromEnvironment(Map<String, String> env) {
    String url = value(env, "AGENT_BUS_URL");
    if (url == null) {
      throw new IllegalStateException(
          "AGENT_BUS_URL is not set: point it at the bus, e.g. http://127.0.0.1:8080");
    }
    Builder builder = builder().url(URI.create(url));
    String name = value(env, "AGENT_NAME");
    if (name != null) {
      builder.name(name);
    }
    String channel = value(env, "AGENT_BUS_CHANNEL");
    if (channel != null) {
      builder.channel(channel);
    }
    String agent = value(env, "AGENT_BUS_UA");
    if (agent != null) {
      builder.userAgent(agent);
    }
    String token = value(env, "AGENT_BUS_TOKEN");
    if (token != null) {
      builder.bearerToken(token);
    }
    String state = value(env, "AGENT_BUS_STATE_DIR");
    if (state != null) {
      builder.stateDirectory(Path.of(state));
    }
    return builder;
  }

  /**
   * @return the bus's base URL, without a trailing slash
   */
  public URI url() {
    return URI.create(base);
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
   * Sends a message on this client's channel.
   *
   * @param to the recipient
   * @param msg the body, any text
   * @return the bus's acknowledgement: timestamp and the channel the message landed on
   * @throws BusRejectedException when the bus refuses it (e.g. 400, 403, 413)
   * @throws BusUnreachableException when no answer came
   */
  public SendAck send(String to, String msg) {
    requireName();
    byte[] body = ProtocolJson.write(new SendRequest(name, to, msg, channel));
    HttpRequest request =
        request(base + "/send")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return parse(exchange(request, "POST /send"), SendAck.class, "POST /send");
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
   * @param since only messages with a larger {@code ts}
   * @param block wait for a message up to the server's long-poll timeout
   * @param max at most this many messages, positive
   * @return the bus's answer
   */
  public RecvResult recv(BigDecimal since, boolean block, int max) {
    requireName();
    StringBuilder url =
        new StringBuilder(base)
            .append("/recv?to=")
            .append(encode(name))
            .append("&since=")
            .append(since.toPlainString())
            .append("&block=")
            .append(block)
            .append("&max=")
            .append(max);
    if (channel != null) {
      url.append("&channel=").append(encode(channel));
    }
    HttpRequest request = request(url.toString()).GET().build();
    return parse(exchange(request, "GET /recv"), RecvResult.class, "GET /recv");
  }

  /**
   * Long-polls from the client's cursor and advances it by the protocol's rule, {@code since =
   * max(max(ts), now)}, persisting it when a state folder is configured. Returns when messages
   * arrive or the server's long-poll times out (then empty).
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
    synchronized (cursorLock) {
      RecvResult result = recv(cursor, block, DEFAULT_MAX);
      BigDecimal next = result.nextSince(cursor);
      if (next.compareTo(cursor) != 0) {
        cursor = next;
        if (cursorStore != null) {
          cursorStore.save(cursor);
        }
      }
      return result.messages();
    }
  }

  /**
   * @return the cursor the next {@link #poll()} starts from
   */
  public BigDecimal cursor() {
    synchronized (cursorLock) {
      return cursor;
    }
  }

  /**
   * Starts a background loop that long-polls and hands each message, in order, to {@code handler}.
   * Transient failures (connection refused, timeouts, 5xx, malformed answers) are retried with a
   * backoff from 100 ms to 5 s while the cursor is kept, so nothing is lost or repeated; a refusal
   * (4xx) stops the loop. An exception from the handler does not stop it.
   *
   * @param handler receives each message on the listener's thread
   * @param onError receives every failure, transient or final, e.g. to log it
   * @return the running listener; close it to stop
   */
  public Listener listen(Consumer<BusMessage> handler, Consumer<AgentBusException> onError) {
    PollingListener listener =
        new PollingListener(
            this, handler, onError, listeners::remove, "agent-bus-listener-" + name);
    listeners.add(listener);
    listener.start();
    return listener;
  }

  /**
   * {@link #listen(Consumer, Consumer)} with failures ignored (they are still retried).
   *
   * @param handler receives each message on the listener's thread
   * @return the running listener
   */
  public Listener listen(Consumer<BusMessage> handler) {
    return listen(handler, error -> {});
  }

  /**
   * @return the bus's health answer
   */
  public Health health() {
    HttpRequest request = request(base + "/healthz").GET().build();
    return parse(exchange(request, "GET /healthz"), Health.class, "GET /healthz");
  }

  /** Stops every listener of this client. */
  @Override
  public void close() {
    for (Listener listener : List.copyOf(listeners)) {
      listener.close();
    }
  }

  private HttpRequest.Builder request(String url) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(requestTimeout)
            .header("User-Agent", userAgent);
    if (bearerToken != null) {
      request.header("Authorization", "Bearer " + bearerToken);
    }
    return request;
  }

  private HttpResponse<String> exchange(HttpRequest request, String what) {
    CompletableFuture<HttpResponse<String>> future =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new BusUnreachableException(what + " interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new BusUnreachableException(
          what
              + " to "
              + base
              + " failed: "
              + cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : " " + cause.getMessage()),
          cause);
    }
  }

  private static <T> T parse(HttpResponse<String> response, Class<T> type, String what) {
    String body = response.body();
    if (response.statusCode() != 200) {
      throw new BusRejectedException(what, response.statusCode(), errorSentence(body));
    }
    try {
      return ProtocolJson.read(body, type);
    } catch (IOException e) {
      throw new BusUnreachableException(
          what + " answered 200 with something that is not the protocol's JSON: " + snippet(body),
          e);
    }
  }

  private static String errorSentence(String body) {
    try {
      JsonNode error = ProtocolJson.readTree(body).get("error");
      if (error != null && error.isTextual()) {
        return error.textValue();
      }
    } catch (IOException | RuntimeException e) {
      // not the bus's JSON error: fall through to the raw body
    }
    return snippet(body);
  }

  private static String snippet(String body) {
    String line = body.strip().replaceAll("\\s+", " ");
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }

  private void requireName() {
    if (name == null) {
      throw new IllegalStateException(
          "this client has no name: set AGENT_NAME or call Builder.name(...)");
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String value(Map<String, String> env, String key) {
    String value = env.get(key);
    return value == null || value.isBlank() ? null : value;
  }

  private static String stripTrailingSlashes(String url) {
    String stripped = url;
    while (stripped.endsWith("/")) {
      stripped = stripped.substring(0, stripped.length() - 1);
    }
    return stripped;
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
     * @param url the bus's base URL; it may carry a path ({@code https://host/agent-bus})
     * @return this builder
     */
    public Builder url(URI url) {
      this.url = Objects.requireNonNull(url, "url");
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
     * @param client a shared HTTP client (building one costs time); default a new HTTP/1.1 client
     * @return this builder
     */
    public Builder httpClient(HttpClient client) {
      this.httpClient = client;
      return this;
    }

    /**
     * @param directory keep the poll cursor in this folder so that a restarted agent receives what
     *     was sent while it was down; default none
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
     * @param warnings receives the configuration warnings (a missing channel); default the {@code
     *     dev.agentbus.client} system logger
     * @return this builder
     */
    public Builder warnings(Consumer<String> warnings) {
      this.warnings = Objects.requireNonNull(warnings, "warnings");
      return this;
    }

    /**
     * @return the client
     */
    public AgentBusClient build() {
      return new AgentBusClient(this);
    }

    private static BigDecimal wallClockSeconds() {
      Instant now = Instant.now();
      return BigDecimal.valueOf(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000, 6);
    }
  }
}
