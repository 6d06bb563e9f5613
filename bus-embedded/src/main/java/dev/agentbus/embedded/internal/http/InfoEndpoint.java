package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.internal.core.Bus;
import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.internal.json.OptionsJson;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /_bus/info}: the bus's version, the options of the namespace addressed (the root, or
 * {@code /ns/<id>}) and the defaults new namespaces get, and a few counts.
 */
final class InfoEndpoint implements Endpoint {

  private final Bus bus;

  InfoEndpoint(Bus bus) {
    this.bus = bus;
  }

  @Override
  public void handle(HttpServerExchange exchange, Namespace namespace) {
    JsonResponses.send(exchange, 200, OptionsJson.write(bus.info(namespace)));
  }
}
