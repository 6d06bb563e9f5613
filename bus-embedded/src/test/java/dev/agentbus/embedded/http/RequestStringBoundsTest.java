package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the bus keeps from a request is cut to a bounded size that records the original length. */
class RequestStringBoundsTest {

  private AgentBusServer server;
  private BusHttp bus;

  @BeforeEach
  void start() {
    server = AgentBusServer.builder().start();
    bus = new BusHttp(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aHugeUnknownPathIsJournaledCutWithItsLength() {
    String path = "/" + "p".repeat(60_000);

    Reply reply = bus.get(path);

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.text().length()).isLessThan(2_000);
    RequestRejected rejected = (RequestRejected) server.journal().entries().get(0);
    assertThat(rejected.endpoint()).startsWith("/ppp").endsWith("…[cut, 60001 chars]");
    assertThat(rejected.endpoint().length()).isLessThan(1_100);
    assertThat(rejected.error().length()).isLessThan(1_100);
  }

  @Test
  void aHugeUserAgentIsJournaledCutWithItsLength() {
    BusHttp longAgent = bus.withHeader("User-Agent", "Mozilla/5.0 " + "u".repeat(20_000));

    longAgent.get("/recv?to=bob");

    var poll = (dev.agentbus.embedded.journal.PollAnswered) server.journal().entries().get(0);
    assertThat(poll.userAgent()).startsWith("Mozilla/5.0 uuu").endsWith("…[cut, 20012 chars]");
  }

  @Test
  void aHugeRefusedValueIsEchoedCut() {
    Reply reply = bus.get("/recv?to=bob&max=" + "9x".repeat(10_000));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).contains("…[cut, 20000 chars]");
    assertThat(reply.error().length()).isLessThan(1_200);
  }
}
