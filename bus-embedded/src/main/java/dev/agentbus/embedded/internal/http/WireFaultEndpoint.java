package dev.agentbus.embedded.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.internal.core.NamespaceStoppedException;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /_bus/faults/wire} with {@code {"agent": "alice", "request": "POST /send", "fault":
 * "connection reset"}}: journals a fault a proxy in front of the namespace injected on the wire, as
 * {@link Namespace#recordWireFault} does.
 */
final class WireFaultEndpoint implements Endpoint {

  /** Three short texts, each kept up to 256 bytes. */
  static final int MAX_BODY_BYTES = 4 * 1024;

  private static final String EXAMPLE =
      "{\"agent\": \"alice\", \"request\": \"POST /send\", \"fault\": \"connection reset\"}";

  private final Duration bodyReadTimeout;

  WireFaultEndpoint(Duration bodyReadTimeout) {
    this.bodyReadTimeout = bodyReadTimeout;
  }

  @Override
  public void handle(HttpServerExchange exchange, AddressedNamespace target) throws Rejection {
    Namespace namespace = target.accept();
    SmallBody.read(
        exchange,
        new SmallBody.Limits(
            MAX_BODY_BYTES,
            "wire-fault fields",
            "send agent, request and fault only",
            bodyReadTimeout),
        (read, bytes) -> record(read, namespace, bytes));
  }

  private static void record(HttpServerExchange exchange, Namespace namespace, byte[] bytes) {
    try {
      JsonNode json =
          AdminJsonBody.object(bytes, "a wire fault", Set.of("agent", "request", "fault"), EXAMPLE);
      namespace.recordWireFault(
          AdminJsonBody.text(json, "agent", EXAMPLE),
          AdminJsonBody.text(json, "request", EXAMPLE),
          AdminJsonBody.text(json, "fault", EXAMPLE));
    } catch (IllegalArgumentException e) {
      JsonResponses.error(exchange, 400, e.getMessage());
      return;
    } catch (NamespaceStoppedException e) {
      BusHttpHandler.refuseStopped(exchange, e);
      return;
    }
    JsonResponses.send(exchange, 200, Map.of("ok", true));
  }
}
