package dev.agentbus.embedded.internal.http;

import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.client.protocol.RecvResult;
import dev.agentbus.client.protocol.Timestamps;
import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.internal.core.PollHandle;
import dev.agentbus.embedded.internal.core.RecvOutcome;
import dev.agentbus.embedded.internal.core.RecvQuery;
import dev.agentbus.embedded.internal.core.StoredMessage;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /recv}: validates the query and answers at once or parks the exchange. A parked
 * exchange holds no thread: the namespace answers it from the sending thread, the timer, or the
 * stop. That thread writes the answer itself while the exchange's own I/O thread leaves the
 * connection alone, which is the usual case; it saves the wake-up of that I/O thread, the largest
 * cost between a message and its recipient when the two connections are served by different I/O
 * threads. Otherwise the answer is written on the exchange's I/O thread.
 */
final class RecvEndpoint implements Endpoint {

  private static final int DEFAULT_MAX = 100;
  private static final int MAX_SINCE_CHARS = 64;
  private static final int MAX_SINCE_INTEGER_DIGITS = 15;
  private static final int MAX_SINCE_FRACTION_DIGITS = 30;

  /** What a parked poll holds besides its names and head: the exchange, its buffers, its timer. */
  private static final long POLL_OVERHEAD_BYTES = 2_048;

  /** The longest a restart waits for one parked poll's I/O thread to close its connection. */
  private static final long CUT_WAIT_SECONDS = 5;

  private final InFlightBytes parkedPolls;

  /**
   * @param parkedPolls the cap on bytes that blocking polls hold while they wait
   */
  RecvEndpoint(InFlightBytes parkedPolls) {
    this.parkedPolls = parkedPolls;
  }

  @Override
  public void handle(HttpServerExchange exchange, AddressedNamespace target) throws Rejection {
    RecvQuery query = parse(exchange);
    if (query.block() && UnreadBodies.declaresBody(exchange)) {
      // The bus watches a parked poll's connection for its client leaving; a body still to come
      // would hide that, and the poll would take messages for a client long gone.
      throw new Rejection(
          400,
          "a blocking poll takes no body: send GET /recv without Content-Length or"
              + " Transfer-Encoding");
    }
    Runnable release = query.block() ? reserve(exchange, query) : () -> {};
    Namespace namespace;
    try {
      namespace = target.accept();
    } catch (Rejection refused) {
      release.run();
      throw refused;
    }
    // Dispatching keeps the exchange open after this handler returns, with no thread attached.
    exchange.dispatch(
        SameThreadExecutor.INSTANCE,
        () -> {
          ClientDisconnectWatch watch = new ClientDisconnectWatch(exchange);
          PollHandle handle =
              namespace.recv(
                  query,
                  outcome -> {
                    // Before the answer is written: its client may poll again at once.
                    release.run();
                    answer(exchange, watch, outcome);
                  },
                  () -> {
                    release.run();
                    cut(exchange, watch);
                  });
          watch.start(handle::clientGone);
        });
  }

  /**
   * Reserves what a blocking poll may hold while it waits.
   *
   * @return gives the bytes back, once however often it runs: when the poll is answered, or at the
   *     latest when its exchange ends (client gone, connection closed)
   */
  private Runnable reserve(HttpServerExchange exchange, RecvQuery query) throws Rejection {
    long bytes = estimate(exchange, query);
    if (bytes > parkedPolls.cap()) {
      throw new Rejection(
          503,
          "this poll takes about "
              + bytes
              + " bytes while it waits, more than the "
              + parkedPolls.cap()
              + "-byte limit for parked polls; use shorter names, poll without block, or give the"
              + " bus a larger maxPollBytesInFlight (a server option)",
          Map.of("to", query.to()));
    }
    if (!parkedPolls.tryReserve(bytes)) {
      exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
      throw new Rejection(
          503,
          "the bus holds too many parked polls (they take "
              + parkedPolls.reserved()
              + " of the "
              + parkedPolls.cap()
              + " bytes it holds for them at most; this one needs "
              + bytes
              + "); retry shortly, with shorter names, or poll without block",
          Map.of("to", query.to()));
    }
    AtomicBoolean held = new AtomicBoolean(true);
    Runnable release =
        () -> {
          if (held.getAndSet(false)) {
            parkedPolls.release(bytes);
          }
        };
    exchange.addExchangeCompleteListener(
        (done, next) -> {
          release.run();
          next.proceed();
        });
    return release;
  }

  /** Heap the poll holds: its head as received (one byte a character), its names as text. */
  private static long estimate(HttpServerExchange exchange, RecvQuery query) {
    long head = exchange.getRequestURI().length() + exchange.getQueryString().length();
    for (HeaderValues header : exchange.getRequestHeaders()) {
      head += header.getHeaderName().length();
      for (String value : header) {
        head += value.length();
      }
    }
    long names = query.to().length() + (query.channel() == null ? 0 : query.channel().length());
    return head + 2 * names + POLL_OVERHEAD_BYTES;
  }

  private static void answer(
      HttpServerExchange exchange, ClientDisconnectWatch watch, RecvOutcome outcome) {
    if (exchange.isInIoThread()) {
      watch.stop();
      JsonResponses.send(exchange, 200, toResult(outcome));
    } else if (watch.claim()) {
      JsonResponses.send(exchange, 200, toResult(outcome));
    } else {
      exchange
          .getIoThread()
          .execute(
              () -> {
                watch.stop();
                JsonResponses.send(exchange, 200, toResult(outcome));
              });
    }
  }

  /**
   * Closes a parked poll's connection without an answer, on its I/O thread, and waits a bounded
   * time for that: a restart returns once its polls are cut.
   */
  private static void cut(HttpServerExchange exchange, ClientDisconnectWatch watch) {
    CountDownLatch closed = new CountDownLatch(1);
    Runnable close =
        () -> {
          watch.stop();
          BusHttpHandler.cutConnection(exchange);
          closed.countDown();
        };
    if (exchange.isInIoThread()) {
      close.run();
      return;
    }
    exchange.getIoThread().execute(close);
    try {
      // Bounded: were its I/O thread stuck, the connection would close when the thread gets to it.
      closed.await(CUT_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static RecvResult toResult(RecvOutcome outcome) {
    List<BusMessage> messages = new ArrayList<>(outcome.messages().size());
    for (StoredMessage m : outcome.messages()) {
      messages.add(new BusMessage(Timestamps.fromMicros(m.ts()), m.from(), m.msg(), m.channel()));
    }
    return new RecvResult(messages, Timestamps.fromMicros(outcome.now()));
  }

  private static RecvQuery parse(HttpServerExchange exchange) throws Rejection {
    QueryParams params = new QueryParams(exchange);
    String to = params.text("to");
    if (to == null) {
      throw new Rejection(400, "query parameter \"to\" is required: the recipient's name");
    }
    Names.check("query parameter", "to", to);
    // "channel=" is what a client with a blank channel variable sends: it names no channel.
    String channel = params.text("channel");
    if (channel != null) {
      Names.check("query parameter", "channel", channel);
    }
    try {
      return new RecvQuery(
          to,
          channel,
          since(params.text("since")),
          params.flag("block"),
          max(params.text("max")),
          BoundedText.cut(exchange.getRequestHeaders().getFirst(Headers.USER_AGENT)));
    } catch (Rejection refused) {
      throw refused.withField("to", to); // the transcript says whose poll it was
    }
  }

  private static BigDecimal since(String text) throws Rejection {
    if (text == null || text.isEmpty()) {
      return BigDecimal.ZERO;
    }
    BigDecimal since = null;
    if (text.length() <= MAX_SINCE_CHARS) {
      try {
        // Decimal, never double: a cursor handed back as text must compare exactly.
        since = new BigDecimal(text.trim());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    // Bounded digits on both sides of the point: an exponent such as 1e-60000000 would cost
    // seconds of arithmetic under the namespace lock, and 1e10000 cannot be written back as JSON.
    if (since == null
        || since.scale() > MAX_SINCE_FRACTION_DIGITS
        || since.precision() - since.scale() > MAX_SINCE_INTEGER_DIGITS) {
      throw new Rejection(
          400,
          "query parameter \"since\" must be a finite decimal number of seconds with at most "
              + MAX_SINCE_INTEGER_DIGITS
              + " digits before the point and "
              + MAX_SINCE_FRACTION_DIGITS
              + " after, got '"
              + BoundedText.cut(text)
              + "'; send back the ts or now the bus returned, or 0");
    }
    return since;
  }

  private static int max(String text) throws Rejection {
    if (text == null || text.isEmpty()) {
      return DEFAULT_MAX;
    }
    long value;
    try {
      value = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      value = -1;
      if (text.trim().matches("\\+?[0-9]+")) {
        value = Integer.MAX_VALUE; // a huge positive number: "no limit" in practice
      }
    }
    if (value < 1) {
      throw new Rejection(
          400,
          "query parameter \"max\" must be a positive integer, got '"
              + BoundedText.cut(text)
              + "'");
    }
    return (int) Math.min(value, Integer.MAX_VALUE);
  }
}
