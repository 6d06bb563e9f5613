package dev.agentbus.embedded.internal.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;

/**
 * Keeps a connection open after a request with a body only once the bus has read that body.
 * Undertow would otherwise wait for the rest of a body nobody reads (of a request answered without
 * it: a refusal, a GET with a body) with no time limit, so that a client declaring a body and
 * sending nothing kept its connection for ever. Such a connection is closed after the answer
 * instead; the endpoints that read bodies, within their deadline, keep it open again once the body
 * is in.
 */
final class UnreadBodies {

  /** Whether the client asked to keep the connection, before the bus decided for it. */
  private static final AttachmentKey<Boolean> KEEP_ALIVE = AttachmentKey.create(Boolean.class);

  private UnreadBodies() {}

  /** Called first for every request: one that declares a body is closed after its answer. */
  static void closeAfterAnswerUnlessRead(HttpServerExchange exchange) {
    if (declaresBody(exchange) && !exchange.isRequestComplete()) {
      exchange.putAttachment(KEEP_ALIVE, exchange.isPersistent());
      exchange.setPersistent(false);
    }
  }

  /** Whether the request says a body follows its head, by length or by chunks. */
  static boolean declaresBody(HttpServerExchange exchange) {
    // The header as text: a length no long can hold is refused later, with a 413 that says so.
    String length = exchange.getRequestHeaders().getFirst(Headers.CONTENT_LENGTH);
    return (length != null && !length.strip().equals("0"))
        || exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
  }

  /** Called by an endpoint once it has read the whole body: the client's wish holds again. */
  static void bodyRead(HttpServerExchange exchange) {
    Boolean keepAlive = exchange.removeAttachment(KEEP_ALIVE);
    if (keepAlive != null) {
      exchange.setPersistent(keepAlive);
    }
  }
}
