package dev.agentbus.samples.mismatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.embedded.traffic.DeliveryStatus;
import dev.agentbus.embedded.traffic.MessageOutcome;
import dev.agentbus.junit5.Agent;
import dev.agentbus.junit5.AgentBus;
import dev.agentbus.junit5.Sent;
import dev.agentbus.junit5.Traffic;
import dev.agentbus.junit5.WithAgentBus;
import org.junit.jupiter.api.Test;

/**
 * The helpdesk listens on the agreed channel. Alice's set-up lost hers, so she sends and polls with
 * no channel at all. The bus, like the hosted one, lets a channel-less poll read every channel.
 */
@WithAgentBus
class ChannelMismatchTest {

  @Test
  void aChannellessAgentHearsTheHelpdeskButIsNeverHeard(
      @Agent(value = "alice", noChannel = true) AgentBusClient alice,
      AgentBus bus,
      Traffic traffic) {
    try (Helpdesk helpdesk = Helpdesk.fromEnvironment(bus.environment("helpdesk"))) {
      helpdesk.start();
      traffic.awaitPolling("helpdesk");

      helpdesk.announce("alice");
      assertThat(alice.pollNow())
          .extracting(BusMessage::msg)
          .containsExactly("helpdesk open: ask me anything");
      alice.send("helpdesk", "my printer is on fire");

      // one way works, the other does not: diagnosed at once, while the helpdesk is still parked
      traffic.assertThat(Sent.by("helpdesk").to("alice")).wasDelivered().exactlyOnce();
      traffic
          .assertThat(Sent.by("alice").to("helpdesk"))
          .hasStatus(DeliveryStatus.CHANNEL_MISMATCH);
      assertThat(traffic.channelMismatches())
          .singleElement()
          .extracting(MessageOutcome::diagnosis)
          .asString()
          .startsWith(
              "alice -> helpdesk \"my printer is on fire\" (channel default, none given) was never"
                  + " delivered: helpdesk only polled channel "
                  + bus.channel());
      assertThatThrownBy(traffic::assertNoChannelMismatch)
          .hasMessageContaining("Expected no channel mismatch")
          .hasMessageContaining("alice -> helpdesk")
          .hasMessageContaining("[default*]");
    }
  }

  @Test
  void withItsChannelConfiguredAliceGetsHerTicket(
      @Agent("alice") AgentBusClient alice, AgentBus bus, Traffic traffic) {
    try (Helpdesk helpdesk = Helpdesk.fromEnvironment(bus.environment("helpdesk"))) {
      helpdesk.start();
      traffic.awaitPolling("helpdesk");

      alice.send("helpdesk", "my printer is on fire");
      traffic.awaitSent(Sent.by("helpdesk").to("alice"));

      assertThat(alice.pollNow())
          .extracting(BusMessage::msg)
          .containsExactly("ticket 1: my printer is on fire");
    }
    traffic.assertNoChannelMismatch();
    traffic.assertNothingUndelivered();
    traffic.assertNothingOnDefault();
  }
}
