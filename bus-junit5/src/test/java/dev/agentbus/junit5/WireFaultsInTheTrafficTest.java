package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.BusRejectedException;
import dev.agentbus.client.protocol.BusMessage;
import org.junit.jupiter.api.Test;

/**
 * The faults a test injects, on the wire and inside the bus, are part of its traffic: the
 * transcript shows what each agent went through, in order with the messages.
 */
@WithAgentBus
class WireFaultsInTheTrafficTest {

  @Test
  void theTranscriptShowsAWireFaultBetweenTheMessagesItCameBetween(
      @Agent("alice") AgentBusClient alice, Traffic traffic, BusFaults faults) {
    alice.send("bob", "before the fault");
    faults.onSend().forAgent("alice").next(1).status(503);
    assertThatThrownBy(() -> alice.send("bob", "refused by the proxy"))
        .isInstanceOf(BusRejectedException.class);
    alice.send("bob", "after the fault");

    String transcript = traffic.transcript();

    assertThat(transcript)
        .containsSubsequence(
            "\"before the fault\"",
            "WIRE FAULT alice POST /send: status 503 (Retry-After: 1)",
            "\"after the fault\"")
        .doesNotContain("refused by the proxy");
  }

  @Test
  void inBusReachesTheFaultsInsideTheTestsNamespace(
      @Agent("alice") AgentBusClient alice,
      @Agent("bob") AgentBusClient bob,
      AgentBus bus,
      BusFaults faults) {
    faults.inBus().next(1).to("bob").drop();

    alice.send("bob", "dropped inside the bus");
    alice.send("bob", "delivered");

    assertThat(bob.pollNow()).extracting(BusMessage::msg).containsExactly("delivered");
    assertThat(bus.traffic().transcript()).contains("dropped on purpose");
  }
}
