package dev.agentbus.junit5;

import java.time.Duration;

/**
 * What the proxy does to a picked request: one of the kinds, with its duration or status.
 *
 * @param kind what happens
 * @param duration the delay or the dribble's length; {@link Duration#ZERO} for the other kinds
 * @param status the status of {@link Kind#STATUS}; 0 for the other kinds
 */
record WireFault(Kind kind, Duration duration, int status) {

  /** How long a 429 or 503 asks the client to wait, in its {@code Retry-After}. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  /** What happens to a picked request. */
  enum Kind {
    /** The connection is reset: the request never reaches the bus. */
    CONNECTION_RESET,
    /** The connection closes without an answer. */
    EMPTY_RESPONSE,
    /** A 200 status line, then garbage, then the connection closes. */
    MALFORMED_RESPONSE,
    /** Random bytes, then the connection closes. */
    RANDOM_DATA_THEN_CLOSE,
    /** The bus answers, and the answer is held back for the duration. */
    DELAY,
    /** The bus answers, and its answer trickles out in chunks over the duration. */
    DRIBBLE,
    /** An error status with a JSON error body, in place of the bus. */
    STATUS,
    /** A 403 HTML page in place of the bus, for requests that do not look like a browser's. */
    FIREWALL_BLOCK
  }

  /**
   * @return whether the bus still gets the request: only a slowed answer is the bus's own
   */
  boolean reachesTheBus() {
    return kind == Kind.DELAY || kind == Kind.DRIBBLE;
  }

  /**
   * @return whether the answer carries {@code Retry-After}, as a 429 or 503 does
   */
  boolean asksToWait() {
    return kind == Kind.STATUS && (status == 429 || status == 503);
  }

  /**
   * @return how a transcript names it, e.g. {@code connection reset} or {@code status 503}
   */
  String describe() {
    return switch (kind) {
      case CONNECTION_RESET -> "connection reset";
      case EMPTY_RESPONSE -> "empty response";
      case MALFORMED_RESPONSE -> "malformed response";
      case RANDOM_DATA_THEN_CLOSE -> "random data then close";
      case DELAY -> "delay " + duration.toMillis() + " ms";
      case DRIBBLE -> "dribble over " + duration.toMillis() + " ms";
      case STATUS ->
          "status "
              + status
              + (asksToWait() ? " (Retry-After: " + RETRY_AFTER.toSeconds() + ")" : "");
      case FIREWALL_BLOCK -> "firewall block (403 HTML page)";
    };
  }
}
