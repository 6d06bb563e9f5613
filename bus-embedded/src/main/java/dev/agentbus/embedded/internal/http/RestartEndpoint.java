package dev.agentbus.embedded.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.embedded.faults.InBusFaults;
import dev.agentbus.embedded.faults.RestartQueues;
import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.internal.core.NamespaceStoppedException;
import dev.agentbus.embedded.options.OptionKind;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /_bus/faults/restart} with {@code {"queues": "kept", "downFor": "500ms"}}: restarts
 * the namespace as {@link Namespace#restart} does and answers once its parked polls are cut. The
 * restart runs on a worker thread, since cutting a poll waits for its connection's I/O thread.
 */
final class RestartEndpoint implements Endpoint {

  /** Two short fields. */
  static final int MAX_BODY_BYTES = 1024;

  private static final String EXAMPLE = "{\"queues\": \"kept\", \"downFor\": \"500ms\"}";

  private final Duration bodyReadTimeout;

  RestartEndpoint(Duration bodyReadTimeout) {
    this.bodyReadTimeout = bodyReadTimeout;
  }

  @Override
  public void handle(HttpServerExchange exchange, AddressedNamespace target) throws Rejection {
    Namespace namespace = target.accept();
    SmallBody.read(
        exchange,
        new SmallBody.Limits(
            MAX_BODY_BYTES, "restart fields", "send only queues and downFor", bodyReadTimeout),
        (read, bytes) -> restart(read, namespace, bytes));
  }

  private static void restart(HttpServerExchange exchange, Namespace namespace, byte[] bytes) {
    RestartQueues queues;
    Duration downFor;
    try {
      JsonNode json =
          AdminJsonBody.object(bytes, "a restart", Set.of("queues", "downFor"), EXAMPLE);
      queues = queues(json);
      downFor = downFor(json);
    } catch (IllegalArgumentException e) {
      JsonResponses.error(exchange, 400, e.getMessage());
      return;
    }
    // Dispatched, so the exchange stays open after this callback returns; answered on the worker.
    exchange.dispatch(
        exchange.getConnection().getWorker(),
        () -> {
          int cut;
          try {
            cut = namespace.restart(queues, downFor);
          } catch (IllegalArgumentException e) {
            JsonResponses.error(exchange, 400, e.getMessage());
            return;
          } catch (NamespaceStoppedException e) {
            BusHttpHandler.refuseStopped(exchange, e);
            return;
          }
          Map<String, Object> answer = new LinkedHashMap<>();
          answer.put("ok", true);
          answer.put("queues", queues.name().toLowerCase(Locale.ROOT));
          answer.put("pollsCut", cut);
          answer.put("downFor", OptionKind.seconds(downFor));
          JsonResponses.send(exchange, 200, answer);
        });
  }

  private static RestartQueues queues(JsonNode json) {
    String text = AdminJsonBody.text(json, "queues", EXAMPLE);
    if (text == null) {
      throw new IllegalArgumentException(
          "field \"queues\" is required: \"kept\" or \"lost\", what the namespace comes back with;"
              + " send e.g. "
              + EXAMPLE);
    }
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "kept" -> RestartQueues.KEPT;
      case "lost" -> RestartQueues.LOST;
      default ->
          throw new IllegalArgumentException(
              "field \"queues\" must be \"kept\" or \"lost\", got '"
                  + BoundedText.cut(text)
                  + "'; send e.g. "
                  + EXAMPLE);
    };
  }

  private static Duration downFor(JsonNode json) {
    JsonNode value = json.get("downFor");
    if (value == null || value.isNull() || !(value.isTextual() || value.isNumber())) {
      throw new IllegalArgumentException(
          "field \"downFor\" is required: how long the namespace is down, seconds (0.5) or a"
              + " number with a unit (500ms, 2s), at most "
              + InBusFaults.MAX_DOWN.toSeconds()
              + " seconds"
              + (value == null || value.isNull()
                  ? ""
                  : ", got " + BoundedText.cut(value.toString()))
              + "; send e.g. "
              + EXAMPLE);
    }
    // A number's plain text, if it has digits a duration could have: "1e999999999" is refused
    // below as the short text it was sent as, never written out.
    String text =
        value.isNumber()
            ? OptionKind.plainText(value.decimalValue()).orElse(value.toString())
            : value.asText();
    try {
      return OptionKind.duration(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "field \"downFor\" "
              + e.getMessage()
              + ", got '"
              + BoundedText.cut(text)
              + "'; a restart is down for at most "
              + InBusFaults.MAX_DOWN.toSeconds()
              + " seconds, e.g. "
              + EXAMPLE);
    }
  }
}
