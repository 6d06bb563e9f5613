package dev.agentbus.embedded.internal.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts parked admin reads ({@code /_bus/polls}, {@code /_bus/journal?block=true}) against the cap
 * on bytes parked polls hold, as parked {@code /recv} polls are: each holds its exchange, its
 * request head and a timer while it waits, so many of them together could otherwise exhaust the
 * heap. Thread-safe: the cap is.
 */
final class ParkedAdminReads {

  /** What a parked read holds besides its head: the exchange, its buffers, its timer, its watch. */
  private static final long OVERHEAD_BYTES = 2_048;

  private final InFlightBytes parked;

  /**
   * @param parked the cap on bytes parked requests hold, shared with {@code /recv}
   */
  ParkedAdminReads(InFlightBytes parked) {
    this.parked = parked;
  }

  /**
   * Reserves what the request holds while it waits, given back when its exchange ends however it
   * ends (answered, timed out, client gone).
   *
   * @param exchange the request about to park
   * @param path the admin path, for the refusal
   * @return gives the bytes back; run it just before the answer is written, so that a client that
   *     has read its answer never sees them still held (idempotent; an exchange that ends without
   *     an answer gives them back when it completes)
   * @throws Rejection 503 when the cap is reached (with {@code Retry-After}) or when this request
   *     alone is larger than the whole cap
   */
  Runnable reserve(HttpServerExchange exchange, String path) throws Rejection {
    long bytes = estimate(exchange);
    if (bytes > parked.cap()) {
      throw new Rejection(
          503,
          "this "
              + path
              + " request takes about "
              + bytes
              + " bytes while it waits, more than the "
              + parked.cap()
              + "-byte limit for parked requests; send a shorter request, read without waiting, or"
              + " give the bus a larger maxPollBytesInFlight (a server option)");
    }
    if (!parked.tryReserve(bytes)) {
      exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
      throw new Rejection(
          503,
          "the bus holds too many parked requests (polls and waiting "
              + path
              + " reads take "
              + parked.reserved()
              + " of the "
              + parked.cap()
              + " bytes it holds for them at most; this one needs "
              + bytes
              + "); retry shortly, or read without waiting");
    }
    AtomicBoolean held = new AtomicBoolean(true);
    Runnable release =
        () -> {
          if (held.getAndSet(false)) {
            parked.release(bytes);
          }
        };
    exchange.addExchangeCompleteListener(
        (done, next) -> {
          release.run();
          next.proceed();
        });
    return release;
  }

  /** Heap the request holds: its head as received (one byte a character) and the overhead. */
  private static long estimate(HttpServerExchange exchange) {
    long head = exchange.getRequestURI().length() + exchange.getQueryString().length();
    for (HeaderValues header : exchange.getRequestHeaders()) {
      head += header.getHeaderName().length();
      for (String value : header) {
        head += value.length();
      }
    }
    return head + OVERHEAD_BYTES;
  }
}
