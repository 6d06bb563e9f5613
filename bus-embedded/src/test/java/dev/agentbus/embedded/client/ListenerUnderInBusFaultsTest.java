package dev.agentbus.embedded.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.AgentBusException;
import dev.agentbus.client.Listener;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.faults.RestartQueues;
import dev.agentbus.embedded.journal.MessageDuplicated;
import dev.agentbus.embedded.journal.MessageLostInRestart;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.traffic.DeliveryStatus;
import dev.agentbus.embedded.traffic.MessageOutcome;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real client's listen loop against each fault inside the bus: it recovers, and wherever the
 * bus kept a message it hands it over exactly once. A duplicate is handed over twice: that is what
 * the agent behind the listener must tolerate, and the journal says which copy is the duplicate.
 */
class ListenerUnderInBusFaultsTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Short, so that the listener's retries (100 ms, then doubling) outlast it quickly. */
  private static final Duration DOWN = Duration.ofMillis(300);

  private final AgentBusServer server = AgentBusServer.builder().start();
  private final List<AgentBusClient> clients = new ArrayList<>();

  @AfterEach
  void stop() {
    clients.forEach(AgentBusClient::close);
    server.close();
  }

  private AgentBusClient client(URI url, String name) {
    AgentBusClient client =
        AgentBusClient.builder().url(url).name(name).channel("c").startFromBeginning().build();
    clients.add(client);
    return client;
  }

  private static List<String> take(BlockingQueue<BusMessage> queue, int count)
      throws InterruptedException {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      BusMessage message = queue.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(message).as("message %d of %d", i + 1, count).isNotNull();
      bodies.add(message.msg());
    }
    return bodies;
  }

  private static MessageOutcome outcomeOf(TrafficReport report, String body) {
    return report.messages().stream()
        .filter(m -> m.message().msg().equals(body))
        .findFirst()
        .orElseThrow();
  }

  /** Each message the bus kept reached its recipient exactly once, by the journal. */
  private static void deliveredOnce(BusNamespace namespace, String... bodies) {
    TrafficReport report = namespace.traffic();
    for (String body : bodies) {
      MessageOutcome outcome = outcomeOf(report, body);
      assertThat(outcome.status()).as(body).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(outcome.receipts()).as(body).hasSize(1);
    }
  }

  @Test
  void aHeldBackMessageIsHandedOverOnceLaterAndNothingIsLost() throws Exception {
    BusNamespace namespace = server.createNamespace("hold", NamespaceOptions.defaults());
    BlockingQueue<BusMessage> received = new LinkedBlockingQueue<>();
    client(namespace.url(), "bob").listen(received::add);
    namespace.faults().next(1).holdBack(Duration.ofMillis(200));
    AgentBusClient alice = client(namespace.url(), "alice");

    alice.send("bob", "late");
    alice.send("bob", "on time");

    // The listener's cursor passes "on time" before "late" enters the queue, under a later ts.
    assertThat(take(received, 2)).containsExactly("on time", "late");
    deliveredOnce(namespace, "late", "on time");
  }

  @Test
  void aDuplicateIsHandedOverTwiceAndTheJournalMarksTheSecondAsTheCopy() throws Exception {
    BusNamespace namespace = server.createNamespace("duplicate", NamespaceOptions.defaults());
    List<BusMessage> received = new ArrayList<>();
    BlockingQueue<BusMessage> arrivals = new LinkedBlockingQueue<>();
    client(namespace.url(), "bob").listen(arrivals::add);
    namespace.faults().next(1).duplicate();
    AgentBusClient alice = client(namespace.url(), "alice");

    alice.send("bob", "once");
    alice.send("bob", "after");

    for (int i = 0; i < 3; i++) {
      received.add(arrivals.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
    }
    // The copy is a message of its own to the listener: same body, later ts. De-duplicate by
    // content or by an id in the body, never by ts.
    assertThat(received).extracting(BusMessage::msg).containsExactly("once", "once", "after");
    MessageDuplicated duplicated =
        namespace.journal().entries().stream()
            .filter(MessageDuplicated.class::isInstance)
            .map(MessageDuplicated.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(duplicated.ts()).isEqualByComparingTo(received.get(0).ts());
    assertThat(duplicated.copyTs()).isEqualByComparingTo(received.get(1).ts());
    assertThat(outcomeOf(namespace.traffic(), "once").receipts()).hasSize(2);
  }

  @Test
  void afterARestartWithQueuesKeptEveryMessageIsHandedOverExactlyOnce() throws Exception {
    BusNamespace namespace = server.createNamespace("kept", NamespaceOptions.defaults());
    BlockingQueue<BusMessage> received = new LinkedBlockingQueue<>();
    BlockingQueue<AgentBusException> errors = new LinkedBlockingQueue<>();
    Listener listener = client(namespace.url(), "bob").listen(received::add, errors::add);
    AgentBusClient alice = client(namespace.url(), "alice");
    alice.send("bob", "before");
    assertThat(take(received, 1)).containsExactly("before");
    // Still queued when the namespace goes down: it enters bob's queue after it is back.
    namespace.faults().next(1).holdBack(Duration.ofSeconds(1));
    alice.send("bob", "queued across the restart");
    assertThat(namespace.awaitPolling("bob", "c", WAIT)).isTrue();

    namespace.faults().restart(RestartQueues.KEPT, DOWN);

    assertThat(errors.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("the broken connection is reported")
        .isNotNull();
    assertThat(namespace.awaitPolling("bob", "c", WAIT)).as("bob polls again").isTrue();
    alice.send("bob", "after");
    assertThat(take(received, 2)).containsExactlyInAnyOrder("queued across the restart", "after");
    deliveredOnce(namespace, "before", "queued across the restart", "after");
    assertThat(listener.isRunning()).isTrue();
  }

  @Test
  void afterARestartWithQueuesLostTheLostAreJournaledAndLaterMessagesHandedOverOnce()
      throws Exception {
    BusNamespace namespace = server.createNamespace("lost", NamespaceOptions.defaults());
    BlockingQueue<BusMessage> received = new LinkedBlockingQueue<>();
    BlockingQueue<AgentBusException> errors = new LinkedBlockingQueue<>();
    client(namespace.url(), "bob").listen(received::add, errors::add);
    AgentBusClient alice = client(namespace.url(), "alice");
    alice.send("bob", "before");
    assertThat(take(received, 1)).containsExactly("before");
    namespace.faults().next(1).holdBack(Duration.ofSeconds(1));
    alice.send("bob", "held when it went down");
    alice.send("carol", "queued for carol");
    assertThat(namespace.awaitPolling("bob", "c", WAIT)).isTrue();

    namespace.faults().restart(RestartQueues.LOST, DOWN);

    assertThat(errors.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
    assertThat(namespace.awaitPolling("bob", "c", WAIT)).isTrue();
    alice.send("bob", "after");
    assertThat(take(received, 1)).containsExactly("after");
    TrafficReport report = namespace.traffic();
    assertThat(outcomeOf(report, "held when it went down").status())
        .isEqualTo(DeliveryStatus.LOST_IN_RESTART);
    assertThat(outcomeOf(report, "queued for carol").status())
        .isEqualTo(DeliveryStatus.LOST_IN_RESTART);
    assertThat(namespace.journal().entries())
        .filteredOn(MessageLostInRestart.class::isInstance)
        .hasSize(2);
    deliveredOnce(namespace, "before", "after");
  }

  @Test
  void faultsInOneNamespaceNeverTouchAParallelNamespacesListener() throws Exception {
    BusNamespace faulty = server.createNamespace("faulty", NamespaceOptions.defaults());
    BusNamespace quiet = server.createNamespace("quiet", NamespaceOptions.defaults());
    BlockingQueue<BusMessage> received = new LinkedBlockingQueue<>();
    BlockingQueue<AgentBusException> errors = new LinkedBlockingQueue<>();
    client(quiet.url(), "bob").listen(received::add, errors::add);
    AgentBusClient alice = client(quiet.url(), "alice");
    alice.send("bob", "before");
    assertThat(take(received, 1)).containsExactly("before");
    assertThat(quiet.awaitPolling("bob", "c", WAIT)).isTrue();
    faulty.faults().every(1).drop();
    faulty.faults().every(1).duplicate();

    faulty.faults().restart(RestartQueues.LOST, Duration.ofSeconds(60));
    alice.send("bob", "during");

    assertThat(take(received, 1)).containsExactly("during");
    assertThat(errors).isEmpty();
    deliveredOnce(quiet, "before", "during");
  }
}
