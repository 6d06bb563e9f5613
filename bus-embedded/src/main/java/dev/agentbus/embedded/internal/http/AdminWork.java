package dev.agentbus.embedded.internal.http;

import dev.agentbus.client.protocol.BusError;
import dev.agentbus.client.protocol.ProtocolJson;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the admin paths' heavy work (analysis, rendering, JSON of large pages) on a small pool of
 * its own, so that a transcript of a huge journal never stalls an I/O thread and with it the
 * protocol traffic of every namespace that shares it. The pool is bounded: when its queue is full
 * the request gets a 503 that says to retry. So are the bytes of computed answers that wait for
 * their clients to read them: past the cap, an answer is replaced by a 503. Thread-safe.
 */
final class AdminWork implements AutoCloseable {

  /** What one admin request computes: the response, or a refusal. */
  interface Job {
    Response compute() throws Rejection;
  }

  /**
   * A computed response.
   *
   * @param status the HTTP status
   * @param contentType its content type
   * @param body the bytes to send
   */
  record Response(int status, String contentType, byte[] body) {
    static Response json(int status, Object value) {
      return new Response(status, "application/json", ProtocolJson.write(value));
    }
  }

  private static final int THREADS = 2;
  private static final int QUEUE = 256;

  private final ThreadPoolExecutor pool;
  private final InFlightBytes answersInFlight;

  /**
   * @param answersInFlight the cap on bytes of computed answers held until their clients have read
   *     them; an answer that would pass it is replaced by a 503
   */
  AdminWork(InFlightBytes answersInFlight) {
    this.answersInFlight = answersInFlight;
    AtomicInteger counter = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            task -> {
              Thread thread = new Thread(task, "agent-bus-admin-" + counter.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
  }

  /**
   * Computes a response off the I/O thread and sends it on the exchange's I/O thread. For use in an
   * endpoint's {@code handle}: the exchange is dispatched so that it outlives the handler.
   *
   * @param exchange the request
   * @param job the work
   */
  void dispatch(HttpServerExchange exchange, Job job) {
    exchange.dispatch(SameThreadExecutor.INSTANCE, () -> run(exchange, job));
  }

  /**
   * Like {@link #dispatch}, for an exchange that is already dispatched (a parked request's
   * wake-up).
   *
   * @param exchange the request
   * @param job the work
   */
  void run(HttpServerExchange exchange, Job job) {
    enqueue(exchange, job);
  }

  private void enqueue(HttpServerExchange exchange, Job job) {
    try {
      pool.execute(() -> send(exchange, compute(job)));
    } catch (RejectedExecutionException e) {
      send(
          exchange,
          Response.json(
              503,
              new BusError(
                  "the bus is busy with "
                      + QUEUE
                      + " admin requests (journal, traffic, transcript); retry shortly")));
    }
  }

  private static Response compute(Job job) {
    try {
      return job.compute();
    } catch (Rejection rejection) {
      return Response.json(rejection.status(), new BusError(rejection.getMessage()));
    }
  }

  /**
   * Sends an answer once its bytes are reserved, and gives them back when the exchange ends,
   * however it ends: a client that never reads its answer holds the bytes until its connection
   * goes, so many such clients together are capped instead of exhausting the heap.
   */
  private void send(HttpServerExchange exchange, Response response) {
    exchange
        .getIoThread()
        .execute(
            () -> {
              if (exchange.isResponseStarted() || exchange.isComplete()) {
                return;
              }
              Response answer = response;
              long bytes = response.body().length;
              if (answersInFlight.tryReserve(bytes)) {
                exchange.addExchangeCompleteListener(
                    (done, next) -> {
                      answersInFlight.release(bytes);
                      next.proceed();
                    });
              } else {
                if (bytes <= answersInFlight.cap()) {
                  // Only then can a retry succeed.
                  exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
                }
                answer = Response.json(503, new BusError(tooManyAnswers(bytes)));
              }
              exchange.setStatusCode(answer.status());
              exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, answer.contentType());
              exchange.getResponseSender().send(ByteBuffer.wrap(answer.body()));
            });
  }

  private String tooManyAnswers(long bytes) {
    if (bytes > answersInFlight.cap()) {
      return "this answer takes "
          + bytes
          + " bytes, more than the "
          + answersInFlight.cap()
          + "-byte limit for admin answers in flight; ask for a smaller page with max, or give the"
          + " bus a larger maxAdminBytesInFlight (serve --max-admin-bytes-in-flight, plugin"
          + " agentbus.maxAdminBytesInFlight)";
    }
    return "the bus holds too many admin answers that clients have not read yet ("
        + answersInFlight.reserved()
        + " bytes; this one needs "
        + bytes
        + " more, over the "
        + answersInFlight.cap()
        + "-byte limit); retry shortly";
  }

  /** Stops the pool; queued work is dropped, as the server closes the connections anyway. */
  @Override
  public void close() {
    pool.shutdownNow();
  }
}
