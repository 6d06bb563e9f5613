package dev.agentbus.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bus that drops the connection instead of answering 413, as some deployments and the reference
 * server do on bad input: the sender learns the likely cause, not only "unreachable".
 */
class DroppedLargeSendTest {

  private HttpServer dropping;

  @BeforeEach
  void start() throws IOException {
    dropping = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    dropping.createContext("/send", exchange -> exchange.close()); // no status line at all
    dropping.start();
  }

  @AfterEach
  void stop() {
    dropping.stop(0);
  }

  private AgentBusClient client() {
    return AgentBusClient.builder()
        .url(URI.create("http://127.0.0.1:" + dropping.getAddress().getPort()))
        .name("alice")
        .channel("c")
        .build();
  }

  @Test
  void aDroppedSendOfALargeBodyNamesTheLikelyLimitAndTheAlternatives() {
    try (AgentBusClient alice = client()) {
      assertThatThrownBy(() -> alice.send("bob", "x".repeat(100_000)))
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageContaining("while sending a 100050-byte body")
          .hasMessageContaining("larger than its limit (65,536 bytes by default)")
          .hasMessageContaining("sendChunked or sendFile");
    }
  }

  @Test
  void aDroppedSendOfASmallBodyIsPlainlyUnreachable() {
    try (AgentBusClient alice = client()) {
      assertThatThrownBy(() -> alice.send("bob", "small"))
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageStartingWith("POST /send to http://127.0.0.1:")
          .hasMessageNotContaining("limit");
    }
  }
}
