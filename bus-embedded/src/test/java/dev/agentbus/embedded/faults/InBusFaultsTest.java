package dev.agentbus.embedded.faults;

import static dev.agentbus.embedded.testing.BusHttp.bodies;
import static dev.agentbus.embedded.testing.BusHttp.recvQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.MessageDroppedOnPurpose;
import dev.agentbus.embedded.journal.MessageDuplicated;
import dev.agentbus.embedded.journal.MessageHeldBack;
import dev.agentbus.embedded.journal.MessageReleased;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import dev.agentbus.embedded.testing.NamespaceHandle;
import dev.agentbus.embedded.traffic.DeliveryStatus;
import dev.agentbus.embedded.traffic.MessageOutcome;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faults inside the bus: a message dropped after its 200, delivered twice, held back. Each is
 * switched on through the namespace's handle in this JVM and through a handle over HTTP (which
 * speaks {@code /_bus/faults}); the agents always speak plain HTTP to a real server.
 */
class InBusFaultsTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final AgentBusServer server = AgentBusServer.builder().start();

  @AfterEach
  void stop() {
    server.close();
  }

  private BusNamespace namespace(NamespaceHandle handle, String id) {
    return handle.create(server, id);
  }

  private static <E extends JournalEntry> List<E> entries(BusNamespace namespace, Class<E> kind) {
    return namespace.journal().entries().stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  private static MessageOutcome outcomeOf(TrafficReport report, String body) {
    return report.messages().stream()
        .filter(m -> m.message().msg().equals(body))
        .findFirst()
        .orElseThrow();
  }

  @ParameterizedTest
  @EnumSource(NamespaceHandle.class)
  void aDroppedMessageIsAnswered200ButNeverQueued(NamespaceHandle handle) {
    BusNamespace namespace = namespace(handle, "drop");
    BusHttp agents = new BusHttp(namespace.url());
    namespace.faults().next(1).to("bob").drop();

    Reply dropped = agents.send("alice", "bob", "lost on purpose", "c");
    agents.send("alice", "bob", "kept", "c");

    assertThat(dropped.status()).isEqualTo(200);
    assertThat(bodies(agents.get(recvQuery("bob", "c", null, false, null)).json()))
        .containsExactly("kept");
    assertThat(entries(namespace, MessageDroppedOnPurpose.class))
        .singleElement()
        .satisfies(entry -> assertThat(entry.ts()).isEqualByComparingTo(dropped.ts()));
  }

  @ParameterizedTest
  @EnumSource(NamespaceHandle.class)
  void aDroppedMessageIsReportedAsAFaultNotAsLost(NamespaceHandle handle) {
    BusNamespace namespace = namespace(handle, "drop-report");
    BusHttp agents = new BusHttp(namespace.url());
    namespace.faults().next(1).drop();

    agents.send("alice", "bob", "lost on purpose", "c");
    agents.get(recvQuery("bob", "c", null, false, null));

    TrafficReport report = namespace.traffic();
    assertThat(outcomeOf(report, "lost on purpose").status())
        .isEqualTo(DeliveryStatus.DROPPED_BY_FAULT);
    assertThat(report.lost()).isEmpty();
    assertThat(report.lostTotal()).isZero();
    assertThat(report.undeliveredOutOfJournal()).isZero();
    assertThat(namespace.transcript())
        .contains("dropped on purpose: an in-bus fault dropped it after the bus accepted it")
        .contains("1 dropped on purpose by an in-bus fault");
  }

  @ParameterizedTest
  @EnumSource(NamespaceHandle.class)
  void aDuplicatedMessageIsReadTwiceTheCopyWithALaterTs(NamespaceHandle handle) {
    BusNamespace namespace = namespace(handle, "duplicate");
    BusHttp agents = new BusHttp(namespace.url());
    namespace.faults().every(1).duplicate();

    Reply sent = agents.send("alice", "bob", "twice", "c");
    JsonNode answer = agents.get(recvQuery("bob", "c", null, false, null)).json();

    assertThat(bodies(answer)).containsExactly("twice", "twice");
    BigDecimal first = answer.get("messages").get(0).get("ts").decimalValue();
    BigDecimal copy = answer.get("messages").get(1).get("ts").decimalValue();
    assertThat(first).isEqualByComparingTo(sent.ts());
    assertThat(copy).isGreaterThan(first);
    assertThat(entries(namespace, MessageDuplicated.class))
        .singleElement()
        .satisfies(entry -> assertThat(entry.copyTs()).isEqualByComparingTo(copy));
    MessageOutcome outcome = outcomeOf(namespace.traffic(), "twice");
    assertThat(outcome.status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(outcome.receipts()).hasSize(2);
    assertThat(namespace.counts().delivered()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(NamespaceHandle.class)
  void aHeldBackMessageIsInvisibleWhileItsHoldLasts(NamespaceHandle handle) {
    BusNamespace namespace = namespace(handle, "hold-invisible");
    BusHttp agents = new BusHttp(namespace.url());
    namespace.faults().next(1).holdBack(FaultRule.MAX_HOLD);

    agents.send("alice", "bob", "late", "c");

    assertThat(bodies(agents.get(recvQuery("bob", "c", null, false, null)).json())).isEmpty();
    assertThat(entries(namespace, MessageHeldBack.class)).hasSize(1);
    assertThat(outcomeOf(namespace.traffic(), "late").status()).isEqualTo(DeliveryStatus.HELD_BACK);
    assertThat(namespace.counts().unread()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(NamespaceHandle.class)
  void aParkedPollIsAnsweredWithAHeldBackMessageOnlyWhenItsHoldEnds(NamespaceHandle handle)
      throws Exception {
    BusNamespace namespace = namespace(handle, "hold-release");
    BusHttp agents = new BusHttp(namespace.url());
    Duration hold = Duration.ofMillis(300);
    namespace.faults().next(1).holdBack(hold);
    CompletableFuture<Reply> bob = agents.getAsync(recvQuery("bob", "c", null, true, null));
    assertThat(namespace.awaitPolling("bob", "c", WAIT)).isTrue();

    long sentAt = System.nanoTime();
    Reply sent = agents.send("alice", "bob", "late", "c");
    JsonNode answer = bob.get(WAIT.toSeconds(), TimeUnit.SECONDS).json();
    long waitedNanos = System.nanoTime() - sentAt;

    assertThat(bodies(answer)).containsExactly("late");
    assertThat(Duration.ofNanos(waitedNanos)).isGreaterThanOrEqualTo(hold);
    BigDecimal queuedTs = answer.get("messages").get(0).get("ts").decimalValue();
    assertThat(queuedTs).isGreaterThan(sent.ts());
    assertThat(entries(namespace, MessageReleased.class))
        .singleElement()
        .satisfies(entry -> assertThat(entry.queuedTs()).isEqualByComparingTo(queuedTs));
    MessageOutcome outcome = outcomeOf(namespace.traffic(), "late");
    assertThat(outcome.status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(outcome.receipts()).hasSize(1);
  }

  @Test
  void theSameSeedPicksTheSameMessagesOnAnotherBus() {
    try (AgentBusServer other = AgentBusServer.builder().start()) {
      List<Integer> here = droppedWithSeed(server, 42);
      List<Integer> there = droppedWithSeed(other, 42);

      assertThat(here).isEqualTo(there).isNotEmpty().hasSizeLessThan(40);
    }
  }

  private static List<Integer> droppedWithSeed(AgentBusServer bus, long seed) {
    BusNamespace namespace = bus.createNamespace("seeded", NamespaceOptions.defaults());
    namespace.faults().withProbability(0.5, seed).drop();
    BusHttp agents = new BusHttp(namespace.url());
    for (int i = 0; i < 40; i++) {
      agents.send("alice", "bob", "m" + i, "c");
    }
    List<Integer> dropped = new ArrayList<>();
    List<MessageOutcome> messages = namespace.traffic().messages();
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i).status() == DeliveryStatus.DROPPED_BY_FAULT) {
        dropped.add(i);
      }
    }
    return dropped;
  }

  @Test
  void aDuplicatesCopyEvictedFromAFullQueueIsNotCountedAsALostMessage() {
    BusNamespace namespace =
        server.createNamespace("full", NamespaceOptions.builder().maxQueue(2).build());
    BusHttp agents = new BusHttp(namespace.url());
    namespace.faults().next(1).duplicate();

    agents.send("alice", "bob", "twice", "c");
    agents.send("alice", "bob", "next", "c");
    agents.send("alice", "bob", "last", "c");

    // "twice" and its copy were evicted: one message lost, not two
    assertThat(namespace.counts().evicted()).isEqualTo(1);
    assertThat(namespace.counts().unread()).isEqualTo(2);
  }

  @Test
  void faultsOfOneNamespaceNeverTouchAnother() {
    BusNamespace faulty = server.createNamespace("faulty", NamespaceOptions.defaults());
    BusNamespace healthy = server.createNamespace("healthy", NamespaceOptions.defaults());
    faulty.faults().every(1).drop();

    new BusHttp(healthy.url()).send("alice", "bob", "ping", "c");

    assertThat(
            bodies(new BusHttp(healthy.url()).get(recvQuery("bob", "c", null, false, null)).json()))
        .containsExactly("ping");
    assertThat(entries(healthy, MessageDroppedOnPurpose.class)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(NamespaceHandle.class)
  void clearRestoresNormalDelivery(NamespaceHandle handle) {
    BusNamespace namespace = namespace(handle, "clear");
    BusHttp agents = new BusHttp(namespace.url());
    namespace.faults().every(1).drop();
    agents.send("alice", "bob", "dropped", "c");

    namespace.faults().clear();
    agents.send("alice", "bob", "delivered", "c");

    assertThat(bodies(agents.get(recvQuery("bob", "c", null, false, null)).json()))
        .containsExactly("delivered");
  }

  @Test
  void aRuleNarrowedToASenderLeavesOtherSendersAlone() {
    BusNamespace namespace = server.createNamespace("narrow", NamespaceOptions.defaults());
    BusHttp agents = new BusHttp(namespace.url());
    namespace.faults().every(1).from("carol").drop();

    agents.send("alice", "bob", "from alice", "c");
    agents.send("carol", "bob", "from carol", "c");

    assertThat(bodies(agents.get(recvQuery("bob", "c", null, false, null)).json()))
        .containsExactly("from alice");
  }

  @Test
  void theFirstRuleThatPicksASendAppliesAndTheNextSeesTheSendAfter() {
    BusNamespace namespace = server.createNamespace("order", NamespaceOptions.defaults());
    BusHttp agents = new BusHttp(namespace.url());
    namespace.faults().next(1).drop();
    namespace.faults().next(1).duplicate();

    agents.send("alice", "bob", "first", "c");
    agents.send("alice", "bob", "second", "c");

    assertThat(bodies(agents.get(recvQuery("bob", "c", null, false, null)).json()))
        .containsExactly("second", "second");
  }

  @Test
  void aNamespaceHoldsAtMost32Rules() {
    BusNamespace namespace = server.createNamespace("many", NamespaceOptions.defaults());
    for (int i = 0; i < InBusFaults.MAX_RULES; i++) {
      namespace.faults().next(1).drop();
    }

    assertThatThrownBy(() -> namespace.faults().next(1).drop())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at most 32 fault rules")
        .hasMessageContaining("clear()");
  }

  @Test
  void aHoldLongerThanAnHourIsRefused() {
    BusNamespace namespace = server.createNamespace("long", NamespaceOptions.defaults());

    assertThatThrownBy(() -> namespace.faults().next(1).holdBack(Duration.ofMinutes(61)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holdFor must be at most 60 minutes, got 3660000 ms");
  }

  @Test
  void aHeldBackMessageCountsAgainstTheMemoryBudget() {
    BusNamespace namespace = server.createNamespace("budget", NamespaceOptions.defaults());
    BusHttp agents = new BusHttp(namespace.url());
    agents.send("alice", "bob", "warm", "c");
    long before = heldBytes();
    namespace.faults().next(1).holdBack(FaultRule.MAX_HOLD);

    agents.send("alice", "bob", "x".repeat(10_000), "c");

    // the body twice: once held, once in its journal entry
    assertThat(heldBytes() - before).isGreaterThan(2 * 2 * 10_000L);
  }

  private long heldBytes() {
    return server.info().memoryUsed();
  }
}
