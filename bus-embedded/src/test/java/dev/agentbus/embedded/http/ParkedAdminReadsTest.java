package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.RawHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Waiting admin reads ({@code /_bus/polls}, {@code /_bus/journal?block=true}) count against the cap
 * on bytes parked polls hold, like parked {@code /recv} polls: many of them cannot pile up in the
 * heap, and the bytes come back when they are answered.
 */
class ParkedAdminReadsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Room for two waiting reads of about 2.2 KB each, not three. */
  private static final long CAP = 5_000;

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/_bus/polls?to=bob&count=1&timeout=30",
        "/_bus/journal?from=1000000&block=true&timeout=30"
      })
  void aWaitingReadPastTheCapIsRefused503WithRetryAfter(String path) throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().maxPollBytesInFlight(CAP).start()) {
      List<RawHttp> waiting = new ArrayList<>();
      try {
        for (int i = 0; i < 2; i++) {
          RawHttp reader = new RawHttp(server.url(), WAIT);
          waiting.add(reader);
          reader.get(path);
        }
        BusHttp bus = new BusHttp(server.url());
        // The two wait once they hold their bytes; each look is answered at once.
        long held = 0;
        for (int look = 0; look < 10_000 && held < 4_000; look++) {
          held = bus.get("/_bus/info").json().at("/limits/pollBytesInFlight/held").asLong();
        }
        assertThat(held).as("the two reads never waited").isBetween(4_000L, CAP);

        BusHttp.Reply refused = bus.get(path);

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.error())
            .contains("the bus holds too many parked requests")
            .contains("retry shortly, or read without waiting");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
      } finally {
        for (RawHttp reader : waiting) {
          reader.close();
        }
      }
    }
  }

  @Test
  void aWaitingReadGivesItsBytesBackWhenAnswered() throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().maxPollBytesInFlight(CAP).start();
        RawHttp reader = new RawHttp(server.url(), WAIT)) {
      BusHttp bus = new BusHttp(server.url());
      reader.get("/_bus/journal?from=1000000&block=true&timeout=0.2");
      assertThat(reader.read().status()).isEqualTo(200);
      reader.get("/_bus/polls?to=bob&timeout=0.2");
      assertThat(ProtocolJson.readTree(reader.read().body()).get("reached").asBoolean()).isFalse();

      assertThat(bus.get("/_bus/info").json().at("/limits/pollBytesInFlight/held").asLong())
          .isZero();
    }
  }

  @Test
  void aWaitingReadLargerThanTheWholeCapIsRefusedSayingWhichSettingToRaise() throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().maxPollBytesInFlight(2_000).start()) {
      BusHttp.Reply refused = new BusHttp(server.url()).get("/_bus/polls?to=bob&timeout=1");

      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.error())
          .contains("more than the 2000-byte limit for parked requests")
          .contains("maxPollBytesInFlight (a server option)");
      assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
    }
  }
}
