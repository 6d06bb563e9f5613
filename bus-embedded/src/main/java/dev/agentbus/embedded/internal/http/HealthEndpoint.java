package dev.agentbus.embedded.internal.http;

import dev.agentbus.client.protocol.Health;
import dev.agentbus.client.protocol.Timestamps;
import dev.agentbus.embedded.internal.core.Namespace;
import io.undertow.server.HttpServerExchange;

/** {@code GET /healthz}. */
final class HealthEndpoint implements Endpoint {

  @Override
  public void handle(HttpServerExchange exchange, AddressedNamespace target) throws Rejection {
    Namespace namespace = target.accept();
    JsonResponses.send(exchange, 200, new Health(true, Timestamps.fromMicros(namespace.now())));
  }
}
