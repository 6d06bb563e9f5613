package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.junit5.Agent;
import dev.agentbus.junit5.AgentBus;
import dev.agentbus.junit5.Sent;
import dev.agentbus.junit5.Traffic;
import dev.agentbus.junit5.WithAgentBus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

@WithAgentBus
class AgentsOnTheBuildsBusIT {

  @Test
  void aliceReachesBobInANamespaceOfTheBuildsBus(
      @Agent("alice") AgentBusClient alice,
      @Agent("bob") AgentBusClient bob,
      AgentBus bus,
      Traffic traffic)
      throws Exception {
    String buildBus = System.getProperty("agentbus.url");
    assertTrue(
        bus.url().toString().startsWith(buildBus + "/ns/"),
        bus.url() + " is not a namespace of " + buildBus);
    Files.writeString(Path.of("target", "namespace-seen-by-test.txt"), bus.namespace().id());

    alice.send("bob", "ping");

    assertEquals(
        List.of("ping"), bob.pollNow().stream().map(BusMessage::msg).toList());
    traffic.assertThat(Sent.by("alice").to("bob").on(bus.channel())).wasDelivered().exactlyOnce();
  }
}
