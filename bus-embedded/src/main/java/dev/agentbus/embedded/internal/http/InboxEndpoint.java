package dev.agentbus.embedded.internal.http;

import dev.agentbus.client.protocol.InboxCounts;
import dev.agentbus.client.protocol.Timestamps;
import dev.agentbus.embedded.internal.core.Namespace;
import io.undertow.server.HttpServerExchange;

/** {@code GET /inbox}. */
final class InboxEndpoint implements Endpoint {

  @Override
  public void handle(HttpServerExchange exchange, AddressedNamespace target) throws Rejection {
    Namespace namespace = target.accept();
    JsonResponses.send(
        exchange, 200, new InboxCounts(namespace.inbox(), Timestamps.fromMicros(namespace.now())));
  }
}
