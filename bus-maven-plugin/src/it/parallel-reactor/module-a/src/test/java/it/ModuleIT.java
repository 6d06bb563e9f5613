package it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentbus.client.AgentBusClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModuleIT {

  @Test
  void thisModulesAgentsTalkOnThisModulesBus() throws Exception {
    String module = Path.of("").toAbsolutePath().getFileName().toString();
    String url = System.getProperty("agentbus.url");
    Files.writeString(Path.of("target", "url-seen-by-test.txt"), url);
    URI bus = URI.create(url);
    try (AgentBusClient sender =
            AgentBusClient.builder().url(bus).name(module).channel("shared").build();
        AgentBusClient receiver =
            AgentBusClient.builder()
                .url(bus)
                .name("receiver")
                .channel("shared")
                .startFromBeginning()
                .build()) {
      sender.send("receiver", "hello from " + module);
      assertEquals(1, receiver.poll().size(), "the receiver sees only this module's message");
    }
  }
}
