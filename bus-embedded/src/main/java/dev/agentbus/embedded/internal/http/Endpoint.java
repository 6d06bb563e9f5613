package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.internal.core.Namespace;
import io.undertow.server.HttpServerExchange;

/** One path of the protocol within a namespace. */
interface Endpoint {

  /**
   * Handles the request on the I/O thread. It must not block: an endpoint that waits parks the
   * exchange and answers it later.
   *
   * @param exchange the request
   * @param namespace the namespace the path addressed
   * @throws Rejection to answer with a 4xx JSON error
   */
  void handle(HttpServerExchange exchange, Namespace namespace) throws Rejection;
}
