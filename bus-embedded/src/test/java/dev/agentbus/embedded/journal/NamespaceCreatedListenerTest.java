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

/** Tooling that shows traffic as it crosses learns of each namespace before its first entry. */
class NamespaceCreatedListenerTest {

  /** A namespace as the listener saw it, with the entries its journal held at that moment. */
  private record Seen(String id, long entriesAtCreation) {}

  private final List<Seen> created = new CopyOnWriteArrayList<>();
  private final AgentBusServer server =
      AgentBusServer.builder()
          .onNamespaceCreated(n -> created.add(new Seen(n.id(), n.journal().nextSeq() - 1)))
          .start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aNamespaceCreatedByItsFirstRequestIsHandedOverBeforeTheRequestIsJournaled() {
    BusHttp bus = new BusHttp(server.namespaceUrl("t-1"));

    bus.send("alice", "bob", "first", "c-1");
    bus.send("alice", "bob", "second", "c-1");

    assertThat(created).containsExactly(new Seen("t-1", 0));
  }

  @Test
  void aNamespaceCreatedThroughTheApiIsHandedOverOnceAndTheRootAndTheWarmUpNever() {
    server.createNamespace("t-2", NamespaceOptions.defaults());
    server.createNamespace("t-2", NamespaceOptions.defaults());
    new BusHttp(server.url()).send("alice", "bob", "at the root", "c-1");

    assertThat(created).extracting(Seen::id).containsExactly("t-2");
  }

  @Test
  void aNamespaceDroppedAndCreatedAgainIsHandedOverForEachLife() {
    BusNamespace first = server.createNamespace("t-3", NamespaceOptions.defaults());
    first.close();

    new BusHttp(server.namespaceUrl("t-3")).send("alice", "bob", "again", "c-1");

    assertThat(created).extracting(Seen::id).containsExactly("t-3", "t-3");
  }
}
