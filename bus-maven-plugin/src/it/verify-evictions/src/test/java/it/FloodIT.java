package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentbus.client.AgentBusClient;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FloodIT {

  private static final int SENDS = 60;

  @Test
  void everySendIsAcceptedAndEveryMessageStillQueuedIsRead() {
    URI namespace = URI.create(System.getProperty("agentbus.url") + "/ns/flood");
    String body = "x".repeat(20_000);
    try (AgentBusClient alice =
        AgentBusClient.builder().url(namespace).name("alice").channel("c").build()) {
      for (int i = 0; i < SENDS; i++) {
        assertTrue(alice.send("bob-" + i, body).ok());
      }
      // Whoever still has a message reads it: the journal shows nothing undelivered.
      Map<String, Integer> waiting = alice.inbox().recipients().get("c");
      assertTrue(waiting.size() < SENDS, "the budget evicted nothing: " + waiting);
      for (String recipient : waiting.keySet()) {
        try (AgentBusClient reader =
            AgentBusClient.builder()
                .url(namespace)
                .name(recipient)
                .channel("c")
                .startFromBeginning()
                .build()) {
          assertEquals(1, reader.pollNow().size());
        }
      }
    }
  }
}
