package dev.agentbus.embedded.internal.http;

import dev.agentbus.client.protocol.BusError;
import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.embedded.internal.core.LiveJournal;
import dev.agentbus.embedded.internal.core.Namespace;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/**
 * Runs the admin paths' heavy work (analysis, rendering, JSON of large pages) on a small pool of
 * its own, so that a transcript of a huge journal never stalls an I/O thread and with it the
 * protocol traffic of every namespace that shares it. The pool is bounded: when its queue is full
 * the request gets a 503 that says to retry. So is the memory admin work holds, under one cap:
 * before a job is computed, what it may hold while it is built (an analysis of every journal entry,
 * the rendered text or JSON, estimated from the journal's size) is reserved, and a job that cannot
 * have it gets a 503 with {@code Retry-After}; a job estimated larger than the whole cap runs
 * alone, when nothing else is reserved. Once computed, its answer keeps the bytes it takes until
 * its client has read it. Thread-safe.
 */
final class AdminWork implements AutoCloseable {

  /** What one admin request computes: the response, or a refusal. */
  interface Job {
    Response compute() throws Rejection;
  }

  /**
   * Heap an analysis takes per journal entry while it is built and until its answer is rendered:
   * the indexes of polls by message and recipient, and an outcome per message (measured on a
   * journal of small messages, rounded up).
   */
  static final long ANALYSIS_BYTES_PER_ENTRY = 600;

  /**
   * Characters of transcript text an entry may render to (a message's line, its receipts, its
   * diagnosis), for estimating a transcript before it is built.
   */
  static final long TRANSCRIPT_CHARS_PER_ENTRY = 300;

  /**
   * Heap rendering takes per byte of the answer: the text or JSON as it grows (up to twice its
   * size) and its final copy.
   */
  static final long RENDER_BYTES_PER_BYTE = 3;

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

  /**
   * @param journal a namespace's journal
   * @return the entries it holds now, which an analysis reads all of
   */
  static long entriesHeld(LiveJournal journal) {
    return Math.max(0, journal.nextSeq() - 1 - journal.dropped());
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
   * @param namespace the namespace a report covers
   * @param maxAnswerBytes the most bytes its rendered answer takes, given the entries it covers
   * @return what building a report of the whole journal and rendering it holds at most: the
   *     analysis of every entry held, plus the rendering of an answer
   */
  static long reportBytes(Namespace namespace, LongUnaryOperator maxAnswerBytes) {
    long entries = entriesHeld(namespace.journal());
    return ANALYSIS_BYTES_PER_ENTRY * entries
        + RENDER_BYTES_PER_BYTE * maxAnswerBytes.applyAsLong(entries);
  }

  /**
   * Computes a response off the I/O thread and sends it on the exchange's I/O thread. For use in an
   * endpoint's {@code handle}: the exchange is dispatched so that it outlives the handler.
   *
   * @param exchange the request
   * @param workingBytes estimates, just before the job runs, the most heap it holds while it is
   *     computed (see {@link #ANALYSIS_BYTES_PER_ENTRY} and {@link #RENDER_BYTES_PER_BYTE})
   * @param job the work
   */
  void dispatch(HttpServerExchange exchange, LongSupplier workingBytes, Job job) {
    exchange.dispatch(SameThreadExecutor.INSTANCE, () -> run(exchange, workingBytes, job));
  }

  /**
   * Like {@link #dispatch}, for an exchange that is already dispatched (a parked request's
   * wake-up).
   *
   * @param exchange the request
   * @param workingBytes estimates the most heap the job holds while it is computed
   * @param job the work
   */
  void run(HttpServerExchange exchange, LongSupplier workingBytes, Job job) {
    try {
      pool.execute(() -> computeWithin(exchange, workingBytes, job));
    } catch (RejectedExecutionException e) {
      send(
          exchange,
          Response.json(
              503,
              new BusError(
                  "the bus is busy with "
                      + QUEUE
                      + " admin requests (journal, traffic, transcript); retry shortly")),
          false,
          false);
    }
  }

  /**
   * Reserves what the job may hold, computes it, and hands the part of the reservation its answer
   * takes over to the answer; a job that cannot have its reservation is answered 503 at once.
   */
  private void computeWithin(HttpServerExchange exchange, LongSupplier workingBytes, Job job) {
    if (exchange.isComplete()) {
      return; // the client left while the job was queued
    }
    long working = Math.max(0, workingBytes.getAsLong());
    if (working > answersInFlight.cap()) {
      // The heap's other shares are spoken for: even alone, this job could exhaust it.
      send(exchange, Response.json(503, new BusError(tooLarge(working))), false, false);
      return;
    }
    if (!answersInFlight.tryReserve(working)) {
      send(exchange, Response.json(503, new BusError(tooMuchWork(working))), false, true);
      return;
    }
    Response response;
    try {
      response = compute(job);
    } catch (RuntimeException | Error e) {
      answersInFlight.release(working);
      throw e;
    }
    long answer = response.body().length;
    if (answer <= working) {
      answersInFlight.release(working - answer);
      send(exchange, response, true, false);
    } else {
      answersInFlight.release(working);
      send(exchange, response, false, false);
    }
  }

  private String tooLarge(long estimate) {
    return "building this answer takes about "
        + estimate
        + " bytes (an analysis of every journal entry of the namespace and its rendering), more"
        + " than the "
        + answersInFlight.cap()
        + "-byte limit for admin work; read the journal in pages with /_bus/journal?max=, or give"
        + " the bus a larger maxAdminBytesInFlight (a server option) or a larger heap";
  }

  private String tooMuchWork(long estimate) {
    return "the bus is busy with other admin answers (journal, traffic, transcript, report),"
        + " being built or waiting for their clients to read them: they hold "
        + answersInFlight.reserved()
        + " of the "
        + answersInFlight.cap()
        + " bytes it lets admin work hold at once, and this one needs about "
        + estimate
        + "; retry shortly, ask for fewer entries with max, or give the bus a larger"
        + " maxAdminBytesInFlight (a server option)";
  }

  private static Response compute(Job job) {
    try {
      return job.compute();
    } catch (Rejection rejection) {
      return Response.json(rejection.status(), new BusError(rejection.getMessage()));
    }
  }

  /**
   * Sends an answer once its bytes are reserved (or with them reserved already), and gives them
   * back when the exchange ends, however it ends: a client that never reads its answer holds the
   * bytes until its connection goes, so many such clients together are capped instead of exhausting
   * the heap.
   */
  private void send(
      HttpServerExchange exchange, Response response, boolean reserved, boolean retryAfter) {
    exchange
        .getIoThread()
        .execute(
            () -> {
              long bytes = response.body().length;
              if (exchange.isResponseStarted() || exchange.isComplete()) {
                if (reserved) {
                  answersInFlight.release(bytes);
                }
                return;
              }
              if (retryAfter) {
                exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
              }
              Response answer = response;
              if (reserved || answersInFlight.tryReserve(bytes)) {
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
          + " bus a larger maxAdminBytesInFlight (a server option)";
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
