package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.journal.JournalPage;
import dev.agentbus.embedded.journal.TrafficJournal;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.XnioExecutor;

/**
 * {@code GET /_bus/journal?from=SEQ&max=N&block=true&timeout=SECONDS}: the namespace's journal from
 * a sequence number on, as {@code {"entries":[...],"nextSeq":..,"dropped":..,"missed":..}}. With
 * {@code block=true} and nothing yet, the request parks (holding no thread) until the next entry,
 * the timeout, or the bus stops: a test in another process waits on the bus this way.
 */
final class JournalEndpoint implements Endpoint {

  private static final int DEFAULT_MAX = 1_000;
  private static final long MAX_TIMEOUT_MILLIS = 300_000;

  private final long defaultTimeoutMillis;

  JournalEndpoint(long defaultTimeoutMillis) {
    this.defaultTimeoutMillis = defaultTimeoutMillis;
  }

  @Override
  public void handle(HttpServerExchange exchange, Namespace namespace) throws Rejection {
    Map<String, Deque<String>> params = exchange.getQueryParameters();
    long from = number(params, "from", 1, Long.MAX_VALUE, 1);
    int max = (int) number(params, "max", 1, Integer.MAX_VALUE, DEFAULT_MAX);
    boolean block = "true".equalsIgnoreCase(first(params, "block"));
    long timeoutMillis =
        params.containsKey("timeout")
            ? number(params, "timeout", 1, MAX_TIMEOUT_MILLIS / 1000, 0) * 1000
            : defaultTimeoutMillis;
    TrafficJournal journal = namespace.journal();
    JournalPage page = journal.read(from, max);
    if (!block || !page.entries().isEmpty()) {
      JsonResponses.send(exchange, 200, page);
      return;
    }
    exchange.dispatch(
        SameThreadExecutor.INSTANCE,
        () -> {
          AtomicBoolean answered = new AtomicBoolean();
          ClientDisconnectWatch watch = new ClientDisconnectWatch(exchange);
          Runnable[] unregister = new Runnable[1];
          XnioExecutor.Key[] deadline = new XnioExecutor.Key[1];
          Runnable answer =
              () -> {
                if (answered.compareAndSet(false, true)) {
                  deadline[0].remove();
                  unregister[0].run();
                  watch.stop();
                  JsonResponses.send(exchange, 200, journal.read(from, max));
                }
              };
          deadline[0] =
              exchange.getIoThread().executeAfter(answer, timeoutMillis, TimeUnit.MILLISECONDS);
          unregister[0] = () -> {};
          unregister[0] = journal.onEntryAfter(from, () -> exchange.getIoThread().execute(answer));
          watch.start(
              () -> {
                if (answered.compareAndSet(false, true)) {
                  deadline[0].remove();
                  unregister[0].run();
                }
              });
        });
  }

  private static long number(
      Map<String, Deque<String>> params, String name, long min, long max, long absent)
      throws Rejection {
    String text = first(params, name);
    if (text == null || text.isEmpty()) {
      return absent;
    }
    try {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new Rejection(
        400,
        "query parameter \""
            + name
            + "\" must be a whole number from "
            + min
            + " to "
            + max
            + ", got '"
            + text
            + "'");
  }

  private static String first(Map<String, Deque<String>> params, String name) {
    Deque<String> values = params.get(name);
    return values == null ? null : values.peekFirst();
  }
}
