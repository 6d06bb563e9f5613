package dev.agentbus.embedded.options;

import java.time.Duration;
import java.util.Objects;

/**
 * How one namespace behaves: what a channel-less recv reads, the production-parity checks it
 * applies, and the bounds of its queues, long-polls and journal. Each namespace of a server has its
 * own, so that one test can ask for the reference server's behaviour while its neighbours keep the
 * hosted bus's.
 *
 * <p>Over HTTP ({@code PUT /ns/<id>/_bus/namespace}, {@code GET /_bus/info}) the same names are
 * used as JSON fields: {@code {"channellessRecv": "default", "waf": true, "token": "t", "maxQueue":
 * 50, "recvTimeout": 5, "journalLimit": 10000}}, with {@code recvTimeout} in seconds. A field left
 * out of a {@code PUT} takes the server's default, as in a namespace its first request creates.
 *
 * @param channellessRecv what a {@code GET /recv} without {@code channel} reads
 * @param waf refuse (403) requests whose User-Agent lacks {@code Mozilla/}, like the hosted bus's
 *     firewall
 * @param token when not {@code null}, requests to this namespace must carry {@code Authorization:
 *     Bearer <token>} (401 without); a server-wide token is accepted too
 * @param maxQueue the most messages kept per channel and recipient; the oldest is evicted
 * @param recvTimeout how long a blocking recv stays parked before it answers empty
 * @param journalLimit the most journal entries kept; the oldest are discarded and counted
 */
public record NamespaceOptions(
    ChannellessRecv channellessRecv,
    boolean waf,
    String token,
    int maxQueue,
    Duration recvTimeout,
    int journalLimit) {

  /** The default for {@link #channellessRecv()}: every channel, as the hosted bus does. */
  public static final ChannellessRecv DEFAULT_CHANNELLESS_RECV = ChannellessRecv.ALL;

  /** The default for {@link #maxQueue()}: the reference server's bound. */
  public static final int DEFAULT_MAX_QUEUE = 1_000;

  /** The default for {@link #recvTimeout()}: the public clients' long-poll. */
  public static final Duration DEFAULT_RECV_TIMEOUT = Duration.ofSeconds(30);

  /** The default for {@link #journalLimit()}. */
  public static final int DEFAULT_JOURNAL_LIMIT = 1_000_000;

  /**
   * Checks every bound, by the rules of {@link ServerOption}; use {@link #builder()} to start from
   * the defaults.
   *
   * @param channellessRecv what a {@code GET /recv} without {@code channel} reads
   * @param waf refuse (403) requests whose User-Agent lacks {@code Mozilla/}
   * @param token the bearer token requests must carry, or {@code null} for none
   * @param maxQueue the most messages kept per channel and recipient, positive
   * @param recvTimeout how long a blocking recv stays parked, positive
   * @param journalLimit the most journal entries kept, positive
   * @throws OptionException naming the option out of bounds, or a token that no header could carry
   */
  public NamespaceOptions {
    Objects.requireNonNull(channellessRecv, "channellessRecv");
    Objects.requireNonNull(recvTimeout, "recvTimeout");
    ServerOption.TOKEN.check(token);
    ServerOption.MAX_QUEUE.check(maxQueue);
    ServerOption.RECV_TIMEOUT.check(recvTimeout);
    ServerOption.JOURNAL_LIMIT.check(journalLimit);
  }

  /**
   * @param option an option namespaces have ({@link ServerOption.Scope#NAMESPACE} or {@link
   *     ServerOption.Scope#SERVER_AND_NAMESPACE})
   * @return its value here, of the option's type; {@code null} for no token
   * @throws IllegalArgumentException for an option that is the server's alone
   */
  public Object get(ServerOption option) {
    return switch (option) {
      case CHANNELLESS_RECV -> channellessRecv;
      case WAF -> waf;
      case TOKEN -> token;
      case MAX_QUEUE -> maxQueue;
      case RECV_TIMEOUT -> recvTimeout;
      case JOURNAL_LIMIT -> journalLimit;
      default -> throw notPerNamespace(option);
    };
  }

  private static IllegalArgumentException notPerNamespace(ServerOption option) {
    return new IllegalArgumentException(
        option.optionName() + " is the server's alone, not an option of each namespace");
  }

  /**
   * @return the defaults: the {@code DEFAULT_} constants, no firewall emulation and no token
   */
  public static NamespaceOptions defaults() {
    return builder().build();
  }

  /**
   * @return a builder holding the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return a builder holding these options, to change a few
   */
  public Builder toBuilder() {
    return new Builder()
        .channellessRecv(channellessRecv)
        .waf(waf)
        .token(token)
        .maxQueue(maxQueue)
        .recvTimeout(recvTimeout)
        .journalLimit(journalLimit);
  }

  /**
   * @return whether a token is required
   */
  public boolean requiresToken() {
    return token != null;
  }

  /** Builds {@link NamespaceOptions}; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private ChannellessRecv channellessRecv = DEFAULT_CHANNELLESS_RECV;
    private boolean waf;
    private String token;
    private int maxQueue = DEFAULT_MAX_QUEUE;
    private Duration recvTimeout = DEFAULT_RECV_TIMEOUT;
    private int journalLimit = DEFAULT_JOURNAL_LIMIT;

    private Builder() {}

    /**
     * @param mode what a recv without channel reads; default {@link #DEFAULT_CHANNELLESS_RECV}
     * @return this builder
     */
    public Builder channellessRecv(ChannellessRecv mode) {
      this.channellessRecv = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * @param enabled refuse with 403 any request whose User-Agent lacks {@code Mozilla/}; default
     *     off
     * @return this builder
     */
    public Builder waf(boolean enabled) {
      this.waf = enabled;
      return this;
    }

    /**
     * @param token the bearer token this namespace requires, or {@code null} (the default) for none
     * @return this builder
     */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /**
     * @param maxQueue messages kept per channel and recipient; default {@value #DEFAULT_MAX_QUEUE}
     * @return this builder
     */
    public Builder maxQueue(int maxQueue) {
      this.maxQueue = maxQueue;
      return this;
    }

    /**
     * @param timeout how long a blocking recv is held before it answers empty; default {@link
     *     #DEFAULT_RECV_TIMEOUT}
     * @return this builder
     */
    public Builder recvTimeout(Duration timeout) {
      this.recvTimeout = timeout;
      return this;
    }

    /**
     * @param limit journal entries kept before the oldest are discarded; default {@value
     *     #DEFAULT_JOURNAL_LIMIT}
     * @return this builder
     */
    public Builder journalLimit(int limit) {
      this.journalLimit = limit;
      return this;
    }

    /**
     * @param option an option namespaces have
     * @param value its value, checked by {@link ServerOption#check}; {@code null} for its default
     *     (no token)
     * @return this builder
     * @throws OptionException for a value that breaks the option's rule
     * @throws IllegalArgumentException for an option that is the server's alone
     */
    public Builder set(ServerOption option, Object value) {
      Object checked = option.check(value);
      Object v = checked != null ? checked : option.defaultValue().orElse(null);
      switch (option) {
        case CHANNELLESS_RECV -> channellessRecv((ChannellessRecv) v);
        case WAF -> waf((Boolean) v);
        case TOKEN -> token((String) v);
        case MAX_QUEUE -> maxQueue((Integer) v);
        case RECV_TIMEOUT -> recvTimeout((Duration) v);
        case JOURNAL_LIMIT -> journalLimit((Integer) v);
        default -> throw notPerNamespace(option);
      }
      return this;
    }

    /**
     * @return the options
     * @throws OptionException if a value is out of bounds
     */
    public NamespaceOptions build() {
      return new NamespaceOptions(channellessRecv, waf, token, maxQueue, recvTimeout, journalLimit);
    }
  }
}
