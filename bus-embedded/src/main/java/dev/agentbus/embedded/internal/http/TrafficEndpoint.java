package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.traffic.TrafficAnalysis;
import io.undertow.server.HttpServerExchange;

/** {@code GET /_bus/traffic}: the analysed traffic of the namespace as JSON. */
final class TrafficEndpoint implements Endpoint {

  @Override
  public void handle(HttpServerExchange exchange, Namespace namespace) {
    JsonResponses.send(
        exchange,
        200,
        TrafficAnalysis.analyze(namespace.id(), namespace.channellessRecv(), namespace.journal()));
  }
}
