package dev.agentbus.embedded.http;

import static dev.agentbus.embedded.testing.BusHttp.bodies;
import static dev.agentbus.embedded.testing.BusHttp.recvQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.testing.BusHttp;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The two behaviours of a recv without channel, and the one-directional mismatch they produce. */
class ChannellessRecvTest {

  @Test
  void byDefaultAChannellessRecvReadsEveryChannel() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      bus.send("alice", "bob", "on c-7", "c-7");
      bus.send("alice", "bob", "on default", null);

      assertThat(bodies(bus.get(recvQuery("bob", null, null, null, null)).json()))
          .containsExactly("on c-7", "on default");
    }
  }

  @Test
  void inDefaultModeAChannellessRecvReadsOnlyChannelDefault() {
    try (AgentBusServer server =
        AgentBusServer.builder().channellessRecv(ChannellessRecv.DEFAULT).start()) {
      BusHttp bus = new BusHttp(server.url());
      bus.send("alice", "bob", "on c-7", "c-7");
      bus.send("alice", "bob", "on default", null);

      assertThat(bodies(bus.get(recvQuery("bob", null, null, null, null)).json()))
          .containsExactly("on default");
    }
  }

  @Test
  void aChannellessAgentHearsItsPeerButThePeerNeverHearsIt() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      bus.send("bob", "alice", "hello from the agreed channel", "c-7");
      bus.send("alice", "bob", "reply without channel", null);

      assertThat(bodies(bus.get(recvQuery("alice", null, null, null, null)).json()))
          .containsExactly("hello from the agreed channel");
      assertThat(bodies(bus.get(recvQuery("bob", "c-7", null, null, null)).json())).isEmpty();
    }
  }

  @Test
  void anEmptyChannelParameterCountsAsNoChannel() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      bus.send("alice", "bob", "on c-7", "c-7");

      assertThat(bodies(bus.get("/recv?to=bob&channel=").json())).containsExactly("on c-7");
    }
  }

  @Test
  void aChannellessBlockingRecvWakesForAnyChannelInAllMode() throws InterruptedException {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      var parked = bus.getAsync(recvQuery("bob", null, null, true, null));
      assertThat(server.awaitParkedPolls(1, Duration.ofSeconds(10))).isTrue();

      bus.send("alice", "bob", "wake", "c-9");

      assertThat(bodies(parked.join().json())).containsExactly("wake");
    }
  }
}
