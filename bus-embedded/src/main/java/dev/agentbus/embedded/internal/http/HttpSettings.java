package dev.agentbus.embedded.internal.http;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The knobs of the HTTP face of the bus.
 *
 * @param basePath the path the bus is served under, {@code ""} for the root, else {@code /x/y}
 * @param maxBodyBytes the largest {@code /send} body accepted; larger ones get 413
 * @param bodyReadTimeout how long a request body may take to arrive before the bus answers 408
 * @param bearerToken when not {@code null}, refuse (401) requests without this bearer token (or the
 *     addressed namespace's own)
 * @param requestLog receives one line per answered request, or {@code null} for none
 * @param maxBodyBytesInFlight the most bytes of {@code /send} bodies held at once while they are
 *     read, over all connections; a part that would pass it gets 503
 * @param maxAdminBytesInFlight the most bytes of rendered admin answers (journal, traffic,
 *     transcript) held at once while they are written; an answer that would pass it becomes a 503
 * @param maxPollBytesInFlight the most bytes parked {@code /recv} polls hold at once (their names
 *     and request heads, estimated); a poll that would pass it is answered 503 instead of parking
 * @param maxConnections the most connections open at once; one past it is answered 503 and closed
 */
public record HttpSettings(
    String basePath,
    int maxBodyBytes,
    Duration bodyReadTimeout,
    String bearerToken,
    Consumer<String> requestLog,
    long maxBodyBytesInFlight,
    long maxAdminBytesInFlight,
    long maxPollBytesInFlight,
    int maxConnections) {

  /** How much of an oversized body is read and thrown away before the connection is closed. */
  static final long MAX_DISCARDED_BYTES = 1 << 20;

  /**
   * @return the most bytes of a request body Undertow itself lets through: the body limit and what
   *     the bus reads and throws away past it. Undertow's own default (2 MiB) would end a larger
   *     {@code /send} without a word, whatever the bus's limit.
   */
  public long maxEntityBytes() {
    return maxBodyBytes + MAX_DISCARDED_BYTES + 1;
  }
}
