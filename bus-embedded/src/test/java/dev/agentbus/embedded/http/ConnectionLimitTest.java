package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.testing.RawHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cap on open connections: one past it is answered a JSON 503 naming the setting and closed,
 * before the bus reads a byte of it; the count comes back when connections close.
 */
class ConnectionLimitTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int CAP = 4;

  @Test
  void aConnectionPastTheCapIsAnswered503NamingTheSettingAndClosed() throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().maxConnections(CAP).start()) {
      List<RawHttp> held = new ArrayList<>();
      try {
        RawHttp.Response refused = null;
        // The warm-up's connection may not be counted out yet: open until one is refused.
        for (int i = 0; i <= CAP + 1 && refused == null; i++) {
          RawHttp connection = new RawHttp(server.url(), WAIT);
          held.add(connection);
          RawHttp.Response answer = connection.exchange("/healthz");
          if (answer.status() != 200) {
            refused = answer;
          }
        }

        assertThat(refused).as("no connection was refused").isNotNull();
        assertThat(held.size()).isBetween(CAP, CAP + 1);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.head()).contains("Retry-After: 1").contains("Connection: close");
        assertThat(ProtocolJson.readTree(refused.body()).get("error").asText())
            .contains("has " + CAP + " connections open, its limit")
            .contains("maxConnections (a server option)");
        assertThat(held.get(held.size() - 1).closedByServer()).isTrue();
      } finally {
        for (RawHttp connection : held) {
          connection.close();
        }
      }
    }
  }

  @Test
  void closedConnectionsMakeRoomAndInfoShowsTheCount() throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().maxConnections(CAP).start()) {
      List<RawHttp> held = new ArrayList<>();
      for (int i = 0; i < CAP - 1; i++) {
        RawHttp connection = new RawHttp(server.url(), WAIT);
        held.add(connection);
        connection.exchange("/healthz");
      }
      for (RawHttp connection : held) {
        connection.close();
      }

      // Each attempt is answered at once: 503 until the bus has seen the closes, then the info.
      JsonNode limits = null;
      for (int attempt = 0; attempt < 1_000 && limits == null; attempt++) {
        try (RawHttp connection = new RawHttp(server.url(), WAIT)) {
          RawHttp.Response answer = connection.exchange("/_bus/info");
          if (answer.status() == 200) {
            limits = ProtocolJson.readTree(answer.body()).get("limits");
          }
        } catch (IOException refusedMidRequest) {
          // closed as the 503 was written: try again
        }
      }

      assertThat(limits).as("the closed connections never made room").isNotNull();
      assertThat(limits.at("/connections/cap").asInt()).isEqualTo(CAP);
      assertThat(limits.at("/connections/held").asInt()).isBetween(1, CAP);
    }
  }
}
