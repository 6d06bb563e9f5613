package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.internal.core.Namespace;
import io.undertow.server.HttpServerExchange;
import java.util.Map;

/**
 * {@code GET /_bus/polls?to=NAME&channel=C&count=N&timeout=SECONDS} (decimal seconds): waits,
 * holding no thread, until at least {@code count} (default 1) blocking recvs are parked in the
 * namespace, counting only those for {@code to} that read {@code channel} when given; answers
 * {@code {"parked": n, "reached": true|false}}. This is how a test in another process knows that an
 * agent is listening before it sends.
 */
final class PollsEndpoint implements Endpoint {

  private static final long MAX_TIMEOUT_SECONDS = 300;
  private static final long DEFAULT_TIMEOUT_SECONDS = 30;

  private final ParkedAdminReads parked;

  /**
   * @param parked counts the request against the cap on parked requests while it waits
   */
  PollsEndpoint(ParkedAdminReads parked) {
    this.parked = parked;
  }

  @Override
  public void handle(HttpServerExchange exchange, AddressedNamespace target) throws Rejection {
    Namespace namespace = target.accept();
    QueryParams params = new QueryParams(exchange);
    String to = params.text("to");
    String channel = params.text("channel");
    int count = (int) params.number("count", 1, 1_000_000, 1);
    long timeoutMillis =
        params.seconds("timeout", MAX_TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS * 1000);
    Runnable unpark = parked.reserve(exchange, "/_bus/polls");
    ParkedAnswer.park(
        exchange,
        Math.max(1, timeoutMillis),
        () -> namespace.parkedPolls(to, channel) >= count || namespace.isStopped(),
        namespace::onParkedChange,
        () -> {
          unpark.run();
          int parked = namespace.parkedPolls(to, channel);
          JsonResponses.send(exchange, 200, Map.of("parked", parked, "reached", parked >= count));
        });
  }
}
