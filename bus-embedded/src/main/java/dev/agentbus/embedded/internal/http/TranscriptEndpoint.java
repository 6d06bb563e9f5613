package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.traffic.TrafficAnalysis;
import dev.agentbus.embedded.traffic.Transcript;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;

/** {@code GET /_bus/transcript}: the namespace's traffic for a human, as plain text. */
final class TranscriptEndpoint implements Endpoint {

  @Override
  public void handle(HttpServerExchange exchange, Namespace namespace) {
    String transcript =
        Transcript.render(
            TrafficAnalysis.analyze(
                namespace.id(), namespace.channellessRecv(), namespace.journal()));
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseSender().send(transcript, StandardCharsets.UTF_8);
  }
}
