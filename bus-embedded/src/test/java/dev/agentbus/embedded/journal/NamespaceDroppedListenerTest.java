package dev.agentbus.embedded.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.testing.BusHttp;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tooling that reports on a whole run learns of each dropped namespace with its journal. */
class NamespaceDroppedListenerTest {

  private final List<BusNamespace> dropped = new CopyOnWriteArrayList<>();
  private final AgentBusServer server =
      AgentBusServer.builder().onNamespaceDropped(dropped::add).start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aNamespaceDroppedOverHttpIsHandedOverWithItsJournalReadable() {
    BusHttp bus = new BusHttp(server.namespaceUrl("t-1"));
    bus.send("alice", "bob", "keep me", "c-1");

    assertThat(bus.method("DELETE", "/_bus/namespace").status()).isEqualTo(200);

    assertThat(dropped).extracting(BusNamespace::id).containsExactly("t-1");
    assertThat(dropped.get(0).journal().entries())
        .singleElement()
        .isInstanceOfSatisfying(MessageSent.class, m -> assertThat(m.msg()).isEqualTo("keep me"));
  }

  @Test
  void aNamespaceDroppedThroughItsHandleIsHandedOverOnce() {
    BusNamespace namespace = server.createNamespace("t-2", NamespaceOptions.defaults());

    namespace.close();
    namespace.close();

    assertThat(dropped).extracting(BusNamespace::id).containsExactly("t-2");
  }

  @Test
  void stoppingTheServerDropsNothing() {
    server.createNamespace("t-3", NamespaceOptions.defaults());

    server.close();

    assertThat(dropped).isEmpty();
  }
}
