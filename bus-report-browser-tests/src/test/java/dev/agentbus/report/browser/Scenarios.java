package dev.agentbus.report.browser;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.NamespaceView;
import dev.agentbus.embedded.faults.RestartQueues;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.report.HtmlReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Real traffic on a real bus, through real clients, and the report page of it written to a file.
 */
final class Scenarios {

  private Scenarios() {}

  static AgentBusClient client(
      AgentBusServer server, String namespace, String name, String channel) {
    AgentBusClient.Builder builder =
        AgentBusClient.builder().url(server.namespaceUrl(namespace)).name(name);
    return (channel == null ? builder.noChannel() : builder.channel(channel)).build();
  }

  /**
   * The classic failure: alice names no channel, so her message lands on {@code default}; bob polls
   * only {@code c-7}.
   */
  static void channelMismatch(AgentBusServer server, String namespace) {
    try (AgentBusClient alice = client(server, namespace, "alice", null);
        AgentBusClient bob = client(server, namespace, "bob", "c-7")) {
      bob.pollNow();
      alice.send("bob", "ping: please review PR 42\nsecond line");
      bob.pollNow();
    }
  }

  /** alice asks bob, bob asks carol, carol answers alice: everything delivered. */
  static void threeAgents(AgentBusServer server, String namespace) {
    try (AgentBusClient alice = client(server, namespace, "alice", "team");
        AgentBusClient bob = client(server, namespace, "bob", "team");
        AgentBusClient carol = client(server, namespace, "carol", "team")) {
      alice.send("bob", "plan the release");
      bob.pollNow();
      bob.send("carol", "write the changelog");
      carol.pollNow();
      carol.send("alice", "changelog done");
      alice.pollNow();
    }
  }

  /** {@code count} messages from alice to bob, which bob reads in pages. */
  static void many(AgentBusServer server, String namespace, int count) {
    try (AgentBusClient alice = client(server, namespace, "alice", "bulk");
        AgentBusClient bob = client(server, namespace, "bob", "bulk")) {
      for (int i = 1; i <= count; i++) {
        alice.send("bob", "message " + i);
        if (i % AgentBusClient.POLL_MAX == 0) {
          bob.pollNow();
        }
      }
    }
  }

  /**
   * What a test of an agent's resilience does: the bus drops alice's first message to bob on
   * purpose, bob reads the second, a proxy resets bob's next poll, and the namespace restarts with
   * its queues lost while a third message waits for bob; a fault on the wire of an agent nobody
   * named comes last.
   */
  static void faults(AgentBusServer server, String namespace) {
    BusNamespace bus = server.createNamespace(namespace, NamespaceOptions.defaults());
    bus.faults().next(1).to("bob").drop();
    try (AgentBusClient alice = client(server, namespace, "alice", "work");
        AgentBusClient bob = client(server, namespace, "bob", "work")) {
      alice.send("bob", "dropped on the way");
      alice.send("bob", "arrives");
      bob.pollNow();
      bus.faults().recordWireFault("bob", "GET /recv", "connection reset");
      alice.send("bob", "waits through the restart");
    }
    bus.faults().restart(RestartQueues.LOST, Duration.ofMillis(300));
    bus.faults().recordWireFault(null, "POST /send", "status 503");
  }

  /** The bus delivers alice's message to bob twice: a copy with a timestamp of its own. */
  static void duplicate(AgentBusServer server, String namespace) {
    server.createNamespace(namespace, NamespaceOptions.defaults()).faults().every(1).duplicate();
    try (AgentBusClient alice = client(server, namespace, "alice", "work");
        AgentBusClient bob = client(server, namespace, "bob", "work")) {
      alice.send("bob", "said once");
      bob.pollNow();
    }
  }

  /** Writes the namespace's report page under {@code target/reports/}. */
  static Path page(AgentBusServer server, String namespace) {
    NamespaceView view = server.namespace(namespace).orElseThrow();
    try {
      return HtmlReport.of(view.id(), view.options().channellessRecv(), view.snapshot())
          .writeTo(Path.of("target", "reports", namespace + ".html"))
          .toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> texts(List<org.openqa.selenium.WebElement> elements) {
    List<String> texts = new ArrayList<>();
    elements.forEach(element -> texts.add(element.getText()));
    return texts;
  }
}
