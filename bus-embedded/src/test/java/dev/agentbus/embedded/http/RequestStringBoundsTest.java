package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import dev.agentbus.embedded.testing.RunningBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the bus keeps from a request is cut to a bounded size that records the original length. */
class RequestStringBoundsTest {

  @RegisterExtension final RunningBus bus = RunningBus.withDefaults();

  @Test
  void aHugeUnknownPathIsJournaledCutWithItsLength() {
    String path = "/" + "p".repeat(60_000);

    Reply reply = bus.http().get(path);

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.text().length()).isLessThan(2_000);
    RequestRejected rejected = (RequestRejected) bus.server().journal().entries().get(0);
    assertThat(rejected.endpoint()).startsWith("/ppp").endsWith("…[cut, 60001 chars]");
    assertThat(rejected.endpoint().length()).isLessThan(1_100);
    assertThat(rejected.error().length()).isLessThan(1_100);
  }

  @Test
  void aHugeUserAgentIsJournaledCutWithItsLength() {
    BusHttp longAgent = bus.http().withHeader("User-Agent", "Mozilla/5.0 " + "u".repeat(20_000));

    longAgent.get("/recv?to=bob");

    var poll = (dev.agentbus.embedded.journal.PollAnswered) bus.server().journal().entries().get(0);
    assertThat(poll.userAgent()).startsWith("Mozilla/5.0 uuu").endsWith("…[cut, 20012 chars]");
  }

  @Test
  void aHugeRefusedValueIsEchoedCut() {
    Reply reply = bus.http().get("/recv?to=bob&max=" + "9x".repeat(10_000));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).contains("…[cut, 20000 chars]");
    assertThat(reply.error().length()).isLessThan(1_200);
  }
}
