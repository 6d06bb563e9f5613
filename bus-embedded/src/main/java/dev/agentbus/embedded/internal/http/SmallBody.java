package dev.agentbus.embedded.internal.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.xnio.XnioExecutor;

/**
 * Reads the small JSON body of an admin request (namespace options, a fault rule) without blocking
 * the I/O thread: in parts, bounded, within a deadline. A body past the bound is read on and thrown
 * away (a declared one up to 16 MiB, a chunked one up to a mebibyte) so that a client that writes
 * its whole body before it reads (Python's http.client) gets the 413 rather than a reset.
 */
final class SmallBody {

  /** The most of an oversized body with a declared length read and thrown away. */
  private static final long MAX_DISCARDED_BYTES = 16L << 20;

  /**
   * What is read, and what a refusal says.
   *
   * @param maxBytes the largest body taken
   * @param what what the body is, for refusals: e.g. {@code namespace options}
   * @param smaller how to send less, for the 413: e.g. {@code send only the options that differ}
   * @param timeout how long the body may take to arrive
   */
  record Limits(int maxBytes, String what, String smaller, Duration timeout) {}

  private SmallBody() {}

  /**
   * Reads the body and hands it to {@code then} on the exchange's I/O thread, or answers the
   * refusal itself: 413 past the bound, 408 past the deadline, 400 when the read fails.
   */
  static void read(
      HttpServerExchange exchange, Limits limits, BiConsumer<HttpServerExchange, byte[]> then) {
    String tooLarge =
        limits.what()
            + " are at most "
            + limits.maxBytes()
            + " bytes of JSON, this request "
            + (exchange.getRequestContentLength() > 0
                ? "declares " + exchange.getRequestContentLength()
                : "sent more")
            + "; "
            + limits.smaller();
    if (exchange.getRequestContentLength() > limits.maxBytes()
        && HttpContinue.requiresContinueResponse(exchange)) {
      // The client waits for a word before it sends the body (Undertow would answer an empty 417).
      exchange.setPersistent(false);
      JsonResponses.error(exchange, 413, tooLarge);
      return;
    }
    if (exchange.getRequestContentLength() > MAX_DISCARDED_BYTES) {
      // More than the bus would read to throw away: refused at once, the connection closed.
      exchange.setPersistent(false);
      JsonResponses.error(exchange, 413, tooLarge);
      return;
    }
    long discardable =
        Math.max(
            HttpSettings.MAX_DISCARDED_BYTES,
            Math.min(exchange.getRequestContentLength(), MAX_DISCARDED_BYTES));
    if (exchange.getRequestContentLength() > limits.maxBytes()) {
      exchange.setMaxEntitySize(discardable);
    }
    // Callbacks and deadline run on the exchange's I/O thread; the flag only orders them.
    AtomicBoolean answered = new AtomicBoolean();
    XnioExecutor.Key deadline =
        answerAtDeadline(
            exchange,
            answered,
            limits.timeout(),
            "the "
                + limits.what()
                + " did not arrive within "
                + limits.timeout().toMillis()
                + " ms; send the whole body at once");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    long[] discarded = {0};
    exchange
        .getRequestReceiver()
        .receivePartialBytes(
            (receiving, part, last) -> {
              if (answered.get()) {
                return;
              }
              if (discarded[0] == 0 && body.size() + part.length <= limits.maxBytes()) {
                body.write(part, 0, part.length);
              } else {
                discarded[0] += part.length;
                receiving.setPersistent(false);
              }
              if (discarded[0] > 0
                  && (last || discarded[0] > discardable)
                  && answered.compareAndSet(false, true)) {
                deadline.remove();
                JsonResponses.error(receiving, 413, tooLarge);
              } else if (last && answered.compareAndSet(false, true)) {
                deadline.remove();
                UnreadBodies.bodyRead(receiving);
                then.accept(receiving, body.toByteArray());
              }
            },
            (failed, error) -> {
              if (!answered.compareAndSet(false, true)) {
                return;
              }
              deadline.remove();
              failed.setPersistent(false);
              JsonResponses.error(
                  failed,
                  discarded[0] > 0 ? 413 : 400,
                  discarded[0] > 0
                      ? tooLarge
                      : "could not read the "
                          + limits.what()
                          + " ("
                          + (error.getMessage() == null ? error.toString() : error.getMessage())
                          + ")");
            });
  }

  /**
   * Answers 408 with {@code error}, and closes the connection, once {@code timeout} has passed,
   * unless {@code answered} was set first. The deadline goes when the exchange ends: a client that
   * left is answered nothing.
   *
   * @return the deadline, for the callback that answers first to remove
   */
  private static XnioExecutor.Key answerAtDeadline(
      HttpServerExchange exchange, AtomicBoolean answered, Duration timeout, String error) {
    XnioExecutor.Key deadline =
        exchange
            .getIoThread()
            .executeAfter(
                () -> {
                  if (answered.compareAndSet(false, true)) {
                    exchange.setPersistent(false);
                    JsonResponses.error(exchange, 408, error);
                  }
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    exchange.addExchangeCompleteListener(
        (done, next) -> {
          deadline.remove();
          next.proceed();
        });
    return deadline;
  }
}
