package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.internal.core.Bus;
import dev.agentbus.embedded.internal.core.Namespace;
import io.undertow.server.HttpServerExchange;
import java.util.Map;

/**
 * {@code DELETE /ns/<id>/_bus/namespace}: forgets a namespace (its parked polls are answered, its
 * messages and journal discarded), so that a long-running bus does not accumulate finished tests.
 */
final class DropNamespaceEndpoint implements Endpoint {

  private final Bus bus;

  DropNamespaceEndpoint(Bus bus) {
    this.bus = bus;
  }

  @Override
  public void handle(HttpServerExchange exchange, Namespace namespace) throws Rejection {
    if (namespace.id().isEmpty()) {
      throw new Rejection(
          400, "the root namespace cannot be dropped; drop /ns/<id>/_bus/namespace instead");
    }
    JsonResponses.send(
        exchange, 200, Map.of("ok", true, "dropped", bus.dropNamespace(namespace.id())));
  }
}
