package it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentbus.client.AgentBusClient;
import java.net.URI;
import org.junit.jupiter.api.Test;

class MisconfiguredAgentIT {

  @Test
  void aliceForgotHerChannelSoBobHearsNothing() {
    URI namespace = URI.create(System.getProperty("agentbus.url") + "/ns/mismatch");
    try (AgentBusClient alice =
            AgentBusClient.builder()
                .url(namespace)
                .name("alice")
                .noChannel()
                .warnings(warning -> {})
                .build();
        AgentBusClient bob =
            AgentBusClient.builder()
                .url(namespace)
                .name("bob")
                .channel("c-7")
                .startFromBeginning()
                .build()) {
      alice.send("bob", "ping");
      assertEquals(0, bob.pollNow().size());
    }
  }
}
