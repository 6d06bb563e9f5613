package dev.agentbus.embedded.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.Listener;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.client.protocol.SendAck;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusConnection;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.faults.RestartQueues;
import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.remote.RemoteAgentBus;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The examples of docs/embedding.md, docs/client.md and docs/faults.md, run as they are shown: each
 * region between {@code // snippet:} markers is copied there, and {@link DocumentedSnippetsTest}
 * fails when the two differ.
 */
class DocumentedExamplesTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void anEmbeddedBusGivesEachTestANamespaceAndRecordsItsTraffic() throws InterruptedException {
    List<String> transcripts = new CopyOnWriteArrayList<>();
    // snippet:embedding
    try (AgentBusServer bus = AgentBusServer.builder().start()) { // 127.0.0.1, a free port
      URI url = bus.url(); // http://127.0.0.1:41234: give it to your agents
      try (BusNamespace test = bus.createNamespace("test-42", NamespaceOptions.defaults())) {
        URI isolated = test.url(); // a complete bus of its own under /ns/test-42
        Map<String, String> env = test.environment("carol", "c-7"); // for an agent process
        try (AgentBusClient bob = listening(isolated, "bob");
            AgentBusClient carol = agent(env)) {
          test.awaitPolling("bob", "c-7", Duration.ofSeconds(5)); // wait, without polling
          carol.send("bob", "ping");
          List<JournalEntry> traffic = test.journal().entries(); // what crossed this namespace
          assertThat(test.traffic().lost()).isEmpty(); // nothing reached nobody
          transcripts.add(test.transcript()); // who said what, and its fate
        }
      } // closing the handle drops the namespace
    }
    // end-snippet:embedding
    assertThat(transcripts).singleElement().asString().contains("carol -> bob  [c-7]  \"ping\"");
  }

  @Test
  void aNamespaceOnABusThatRunsElsewhereAnswersTheSameCalls() throws InterruptedException {
    try (AgentBusServer running = AgentBusServer.builder().start()) {
      URI url = running.url();
      // snippet:remote
      BusConnection bus = RemoteAgentBus.connect(url); // e.g. the agentbus.url of bus:start
      try (BusNamespace test =
          bus.createNamespace(
              "it-7",
              NamespaceOptions.builder()
                  .channellessRecv(ChannellessRecv.DEFAULT)
                  .maxQueue(50)
                  .build())) {
        answerPing(test.url()); // agents use test.url()
        Optional<MessageSent> pong =
            test.journal().awaitEntry(1, MessageSent.class, m -> m.msg().contains("pong"), WAIT);
        assertThat(pong).isPresent();
      }
      // end-snippet:remote
    }
  }

  @Test
  void aClientConfiguredFromItsEnvironmentSendsPollsAndListens() {
    try (AgentBusServer bus = AgentBusServer.builder().start();
        AgentBusClient bob =
            AgentBusClient.builder().url(bus.url()).name("bob").channel("c-7").build()) {
      bob.listen(m -> bob.send(m.from(), "pong"));
      Map<String, String> environment = bus.root().environment("alice", "c-7");
      // snippet:client
      // AGENT_BUS_URL, AGENT_NAME, AGENT_BUS_CHANNEL, AGENT_BUS_UA, AGENT_BUS_TOKEN,
      // AGENT_BUS_STATE_DIR; AgentBusClient.fromEnvironment() reads System.getenv()
      try (AgentBusClient alice = AgentBusClient.builderFromEnvironment(environment).build()) {
        SendAck ack = alice.send("bob", "ping");
        assertThat(ack.channel()).isEqualTo("c-7");
        List<BusMessage> news = alice.poll(); // waits for bob's answer, up to the long-poll
        assertThat(news).extracting(BusMessage::msg).containsExactly("pong");
        Listener listener = alice.listen(m -> System.out.println(m.from() + ": " + m.msg()));
      } // closing the client stops its listeners
      // end-snippet:client
    }
  }

  @Test
  void anAgentThatDeduplicatesSurvivesDuplicatesAndARestartOfItsBus() throws InterruptedException {
    List<String> transcripts = new CopyOnWriteArrayList<>();
    try (AgentBusServer bus = AgentBusServer.builder().start()) {
      // snippet:faults
      try (BusNamespace test = bus.createNamespace("survive-1", NamespaceOptions.defaults());
          AgentBusClient alice = AgentBusClient.builder().url(test.url()).name("alice").build();
          AgentBusClient bob = AgentBusClient.builder().url(test.url()).name("bob").build()) {
        test.faults().every(2).duplicate(); // the 2nd, 4th... send is queued twice
        Set<String> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch handled = new CountDownLatch(4);
        bob.listen(
            task -> {
              if (seen.add(task.msg())) { // by an id in the body, never by ts
                handled.countDown();
              }
            });
        test.awaitPolling("bob", null, Duration.ofSeconds(5));
        // bob's parked poll is cut, and so is every request for 300 ms: he retries
        test.faults().restart(RestartQueues.KEPT, Duration.ofMillis(300));
        test.awaitPolling("bob", null, Duration.ofSeconds(5)); // bob is back
        for (int i = 1; i <= 4; i++) {
          alice.send("bob", "task-" + i);
        }
        assertThat(handled.await(5, TimeUnit.SECONDS)).isTrue(); // each task handled once
        transcripts.add(test.transcript()); // the restart, then each copy read as a delivery
      }
      // end-snippet:faults
    }
    assertThat(transcripts)
        .singleElement()
        .asString()
        .contains("RESTARTED the namespace, queues kept: 1 parked poll cut")
        .contains("delivered 2 times");
  }

  /** An agent parked on c-7 that reads every message and answers none. */
  private static AgentBusClient listening(URI bus, String name) {
    AgentBusClient agent = AgentBusClient.builder().url(bus).name(name).channel("c-7").build();
    agent.listen(m -> {});
    return agent;
  }

  private static AgentBusClient agent(Map<String, String> environment) {
    return AgentBusClient.builderFromEnvironment(environment).build();
  }

  /** An agent that answers a ping, as the agents under test would. */
  private static void answerPing(URI namespace) {
    try (AgentBusClient alice =
            AgentBusClient.builder().url(namespace).name("alice").channel("c").build();
        AgentBusClient bob =
            AgentBusClient.builder().url(namespace).name("bob").channel("c").build()) {
      alice.send("bob", "ping");
      for (BusMessage ping : bob.pollNow()) {
        bob.send(ping.from(), "pong");
      }
    }
  }
}
