package dev.agentbus.embedded.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Messages held back by a fault count against their namespace's share of the memory budget and
 * cannot be evicted: a namespace full of them refuses sends with a 507 that says so and how to free
 * them, rather than blaming other namespaces.
 */
class HeldBackMemoryTest {

  private static final int BODY_CHARS = 60_000;

  private final AgentBusServer server = AgentBusServer.builder().memoryBudget(8L << 20).start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aNamespaceFullOfHeldBackMessagesRefusesSendsNamingThemAndHowToFreeThem() {
    BusNamespace namespace = server.createNamespace("held", NamespaceOptions.defaults());
    namespace.faults().every(1).holdBack(Duration.ofHours(1));
    BusHttp agents = new BusHttp(URI.create(server.url() + "/ns/held"));
    String body = "x".repeat(BODY_CHARS);

    Reply refused = null;
    for (int sent = 0; sent < 200 && refused == null; sent++) {
      Reply reply = agents.send("a", "b", body, "c");
      if (reply.status() != 200) {
        refused = reply;
      }
    }

    assertThat(refused).isNotNull();
    assertThat(refused.status()).isEqualTo(507);
    assertThat(refused.error())
        .contains("this namespace's share of the bus's memory budget")
        .contains("messages held back by a fault, which cannot be evicted")
        .contains("DELETE /ns/<id>/_bus/faults")
        .doesNotContain("other namespaces");
  }
}
