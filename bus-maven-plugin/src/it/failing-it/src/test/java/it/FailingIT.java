package it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentbus.client.AgentBusClient;
import java.net.URI;
import org.junit.jupiter.api.Test;

class FailingIT {

  @Test
  void bobExpectsAReplyThatNeverComes() {
    URI namespace = URI.create(System.getProperty("agentbus.url") + "/ns/failing");
    try (AgentBusClient bob =
        AgentBusClient.builder()
            .url(namespace)
            .name("bob")
            .channel("c-1")
            .startFromBeginning()
            .build()) {
      bob.send("alice", "are you there?");
      assertEquals(1, bob.pollNow().size(), "alice never answered");
    }
  }
}
