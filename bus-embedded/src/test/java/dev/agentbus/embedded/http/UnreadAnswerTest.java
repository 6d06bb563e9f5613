package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.RequestLogLines;
import dev.agentbus.embedded.testing.StalledReader;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading its answer and keeps its connection open loses the connection after
 * the idle timeout, and the bytes its answer held come back.
 */
class UnreadAnswerTest {

  private static final String PAGE = "/_bus/journal?from=1&max=10000";

  private final RequestLogLines log = new RequestLogLines();
  private AgentBusServer server;
  private URI namespace;

  @BeforeEach
  void start() {
    server =
        AgentBusServer.builder()
            .idleTimeout(Duration.ofSeconds(1))
            .maxAdminBytesInFlight(6_000_000)
            .requestLog(log)
            .start();
    namespace = server.namespaceUrl("t");
    BusHttp bus = new BusHttp(namespace);
    for (int i = 0; i < 80; i++) {
      assertThat(bus.send("alice", "bob", "x".repeat(60_000), "c").status()).isEqualTo(200);
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anAnswerItsClientStopsReadingIsGivenUpAfterTheIdleTimeout() throws Exception {
    try (StalledReader stalled = new StalledReader(namespace, "/ns/t" + PAGE)) {
      assertThat(stalled.status()).isEqualTo("HTTP/1.1 200");

      // The connection stays open on this side; the bus ends the exchange on its own.
      String line = log.await(PAGE + " 200", Duration.ofSeconds(10));

      assertThat(line).as("request log line of the unread answer").isNotNull();
    }
    assertThat(new BusHttp(namespace).get(PAGE).status()).isEqualTo(200);
  }
}
