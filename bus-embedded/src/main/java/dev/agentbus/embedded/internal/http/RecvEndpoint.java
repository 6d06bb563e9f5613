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
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /recv}: validates the query and answers at once or parks the exchange. A parked
 * exchange holds no thread: the namespace answers it from the sending thread, the timer, or the
 * stop, and the answer is written on the exchange's own I/O thread.
 */
final class RecvEndpoint implements Endpoint {

  private static final int DEFAULT_MAX = 100;

  @Override
  public void handle(HttpServerExchange exchange, Namespace namespace) throws Rejection {
    RecvQuery query = parse(exchange);
    // Dispatching keeps the exchange open after this handler returns, with no thread attached.
    exchange.dispatch(
        SameThreadExecutor.INSTANCE,
        () -> {
          ClientDisconnectWatch watch = new ClientDisconnectWatch(exchange);
          PollHandle handle = namespace.recv(query, outcome -> answer(exchange, watch, outcome));
          watch.start(handle::clientGone);
        });
  }

  private static void answer(
      HttpServerExchange exchange, ClientDisconnectWatch watch, RecvOutcome outcome) {
    Runnable write =
        () -> {
          watch.stop();
          JsonResponses.send(exchange, 200, toResult(outcome));
        };
    if (exchange.isInIoThread()) {
      write.run();
    } else {
      exchange.getIoThread().execute(write);
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
    Map<String, Deque<String>> params = exchange.getQueryParameters();
    String to = first(params, "to");
    if (to == null || to.isEmpty()) {
      throw new Rejection(400, "query parameter \"to\" is required: the recipient's name");
    }
    String channel = first(params, "channel");
    if (channel != null && channel.isEmpty()) {
      channel = null; // "channel=" is what a client with a blank channel variable sends
    }
    return new RecvQuery(
        to,
        channel,
        since(first(params, "since"), to),
        block(first(params, "block"), to),
        max(first(params, "max"), to),
        exchange.getRequestHeaders().getFirst(Headers.USER_AGENT));
  }

  private static BigDecimal since(String text, String to) throws Rejection {
    if (text == null || text.isEmpty()) {
      return BigDecimal.ZERO;
    }
    try {
      // Decimal, never double: a cursor handed back as text must compare exactly.
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new Rejection(
          400,
          "query parameter \"since\" must be a finite decimal number of seconds, got '"
              + text
              + "'",
          Map.of("to", to));
    }
  }

  private static boolean block(String text, String to) throws Rejection {
    if (text == null || text.isEmpty()) {
      return false;
    }
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new Rejection(
              400,
              "query parameter \"block\" must be true or false, got '" + text + "'",
              Map.of("to", to));
    };
  }

  private static int max(String text, String to) throws Rejection {
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
          "query parameter \"max\" must be a positive integer, got '" + text + "'",
          Map.of("to", to));
    }
    return (int) Math.min(value, Integer.MAX_VALUE);
  }

  private static String first(Map<String, Deque<String>> params, String name) {
    Deque<String> values = params.get(name);
    return values == null ? null : values.peekFirst();
  }
}
