package it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.protocol.BusMessage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationIT {

  @Test
  void aliceReachesBobOnTheBusThatTheBuildStarted() throws Exception {
    String url = System.getProperty("agentbus.url");
    Files.writeString(Path.of("target", "url-seen-by-test.txt"), url);
    assertEquals(url + "\n", Files.readString(Path.of("target", "agent-bus", "url.txt")));
    URI namespace = URI.create(url + "/ns/conversation");
    try (AgentBusClient alice =
            AgentBusClient.builder().url(namespace).name("alice").channel("c-1").build();
        AgentBusClient bob =
            AgentBusClient.builder()
                .url(namespace)
                .name("bob")
                .channel("c-1")
                .startFromBeginning()
                .build()) {
      alice.send("bob", "ping");
      List<BusMessage> received = bob.poll();
      assertEquals(1, received.size());
      assertEquals("ping", received.get(0).msg());
    }
  }
}
