package dev.agentbus.embedded.internal.http;

import dev.agentbus.client.protocol.BusError;
import dev.agentbus.client.protocol.ProtocolJson;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;

/** Writes the bus's JSON answers. */
final class JsonResponses {

  private JsonResponses() {}

  static void send(HttpServerExchange exchange, int status, Object body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(ByteBuffer.wrap(ProtocolJson.write(body)));
  }

  static void error(HttpServerExchange exchange, int status, String sentence) {
    send(exchange, status, new BusError(sentence));
  }
}
