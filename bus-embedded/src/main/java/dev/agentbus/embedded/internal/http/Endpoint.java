package dev.agentbus.embedded.internal.http;

import io.undertow.server.HttpServerExchange;

/** One path of the protocol within a namespace. */
interface Endpoint {

  /**
   * Handles the request on the I/O thread. It must not block: an endpoint that waits parks the
   * exchange and answers it later.
   *
   * @param exchange the request
   * @param target the namespace the path addressed: an endpoint calls {@link
   *     AddressedNamespace#accept()} once the request has passed its own checks, so that a refused
   *     request creates no namespace
   * @throws Rejection to answer with a 4xx JSON error
   */
  void handle(HttpServerExchange exchange, AddressedNamespace target) throws Rejection;
}
