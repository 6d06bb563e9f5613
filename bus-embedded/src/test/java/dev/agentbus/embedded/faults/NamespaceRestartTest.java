package dev.agentbus.embedded.faults;

import static dev.agentbus.embedded.testing.BusHttp.bodies;
import static dev.agentbus.embedded.testing.BusHttp.recvQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.MessageLostInRestart;
import dev.agentbus.embedded.journal.NamespaceRestarted;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import dev.agentbus.embedded.testing.NamespaceHandle;
import dev.agentbus.embedded.traffic.DeliveryStatus;
import dev.agentbus.embedded.traffic.MessageOutcome;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A restart of one namespace, as if its process died and came back on the same port: parked polls
 * and every request meanwhile have their connections closed without an answer, and the messages are
 * kept or lost as the test asked. Switched on in this JVM and over HTTP alike.
 */
class NamespaceRestartTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Long enough that no test sees the namespace come back: the server is closed first. */
  private static final Duration DOWN_FOR_THE_TEST = Duration.ofSeconds(60);

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

  /** What a request got: an answer, or its connection closed without one. */
  private static Throwable failureOf(CompletableFuture<Reply> request) throws Exception {
    try {
      Reply reply = request.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      throw new AssertionError("expected the connection closed, got " + reply.status());
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  @ParameterizedTest
  @EnumSource(NamespaceHandle.class)
  void aParkedPollHasItsConnectionClosedWithoutAnAnswer(NamespaceHandle handle) throws Exception {
    BusNamespace namespace = namespace(handle, "parked");
    BusHttp bob = new BusHttp(namespace.url());
    CompletableFuture<Reply> poll = bob.getAsync(recvQuery("bob", "c", null, true, null));
    assertThat(namespace.awaitPolling("bob", "c", WAIT)).isTrue();

    namespace.faults().restart(RestartQueues.KEPT, DOWN_FOR_THE_TEST);

    assertThat(failureOf(poll)).isInstanceOf(IOException.class);
    assertThat(entries(namespace, NamespaceRestarted.class))
        .singleElement()
        .satisfies(
            restart -> {
              assertThat(restart.queues()).isEqualTo(RestartQueues.KEPT);
              assertThat(restart.pollsCut()).isEqualTo(1);
              assertThat(restart.messagesLost()).isZero();
              assertThat(restart.downForMillis()).isEqualTo(60_000);
            });
  }

  @Test
  void restartReturnsOnceTheParkedPollsAreCut() throws Exception {
    BusNamespace namespace = server.createNamespace("returns", NamespaceOptions.defaults());
    CompletableFuture<Reply> poll =
        new BusHttp(namespace.url()).getAsync(recvQuery("bob", "c", null, true, null));
    assertThat(namespace.awaitPolling("bob", "c", WAIT)).isTrue();

    namespace.faults().restart(RestartQueues.KEPT, DOWN_FOR_THE_TEST);

    assertThat(namespace.parkedNow().polls()).isEmpty();
    assertThat(failureOf(poll)).isInstanceOf(IOException.class);
  }

  @ParameterizedTest
  @EnumSource(NamespaceHandle.class)
  void whileDownEveryRequestHasItsConnectionClosedButTheAdminPathsAnswer(NamespaceHandle handle) {
    BusNamespace namespace = namespace(handle, "down");
    BusHttp agents = new BusHttp(namespace.url());
    agents.send("alice", "bob", "before", "c");

    namespace.faults().restart(RestartQueues.KEPT, DOWN_FOR_THE_TEST);

    assertThatThrownBy(() -> agents.send("alice", "bob", "during", "c"))
        .isInstanceOf(UncheckedIOException.class);
    assertThatThrownBy(() -> agents.get(recvQuery("bob", "c", null, false, null)))
        .isInstanceOf(UncheckedIOException.class);
    assertThatThrownBy(() -> agents.get("/healthz")).isInstanceOf(UncheckedIOException.class);
    assertThat(namespace.counts().sent()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(NamespaceHandle.class)
  void withQueuesLostEveryUnreadMessageIsJournaledAsLostByTheRestart(NamespaceHandle handle) {
    BusNamespace namespace = namespace(handle, "lost");
    BusHttp agents = new BusHttp(namespace.url());
    agents.send("alice", "bob", "read", "c");
    agents.get(recvQuery("bob", "c", null, false, null));
    agents.send("alice", "bob", "queued", "c");
    namespace.faults().next(1).holdBack(FaultRule.MAX_HOLD);
    agents.send("alice", "carol", "held back", "c");

    namespace.faults().restart(RestartQueues.LOST, DOWN_FOR_THE_TEST);

    assertThat(entries(namespace, MessageLostInRestart.class))
        .extracting(MessageLostInRestart::to)
        .containsExactlyInAnyOrder("bob", "carol");
    assertThat(entries(namespace, NamespaceRestarted.class))
        .singleElement()
        .satisfies(restart -> assertThat(restart.messagesLost()).isEqualTo(2));
    TrafficReport report = namespace.traffic();
    assertThat(outcomeOf(report, "read").status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(outcomeOf(report, "queued").status()).isEqualTo(DeliveryStatus.LOST_IN_RESTART);
    assertThat(outcomeOf(report, "held back").status()).isEqualTo(DeliveryStatus.LOST_IN_RESTART);
    assertThat(report.lost()).isEmpty();
    assertThat(namespace.counts().lostInRestart()).isEqualTo(2);
    assertThat(namespace.counts().unread()).isZero();
    assertThat(namespace.transcript())
        .contains("lost in a restart: a restart of the namespace with its queues lost dropped it")
        .contains("RESTARTED the namespace, queues lost: 0 parked polls cut, 2 messages lost");
  }

  @ParameterizedTest
  @EnumSource(NamespaceHandle.class)
  void withQueuesKeptTheMessagesStayAndNothingIsJournaledAsLost(NamespaceHandle handle) {
    BusNamespace namespace = namespace(handle, "kept");
    BusHttp agents = new BusHttp(namespace.url());
    agents.send("alice", "bob", "queued", "c");

    namespace.faults().restart(RestartQueues.KEPT, DOWN_FOR_THE_TEST);

    assertThat(entries(namespace, MessageLostInRestart.class)).isEmpty();
    assertThat(namespace.counts().unread()).isEqualTo(1);
    assertThat(outcomeOf(namespace.traffic(), "queued").status())
        .isEqualTo(DeliveryStatus.NEVER_POLLED);
  }

  @Test
  void aRestartOfOneNamespaceLeavesAnotherServingAndItsParkedPollsWaiting() throws Exception {
    BusNamespace restarted = server.createNamespace("restarted", NamespaceOptions.defaults());
    BusNamespace other = server.createNamespace("other", NamespaceOptions.defaults());
    BusHttp agents = new BusHttp(other.url());
    CompletableFuture<Reply> poll = agents.getAsync(recvQuery("bob", "c", null, true, null));
    assertThat(other.awaitPolling("bob", "c", WAIT)).isTrue();
    agents.send("alice", "carol", "queued", "c");

    restarted.faults().restart(RestartQueues.LOST, DOWN_FOR_THE_TEST);
    Reply sent = agents.send("alice", "bob", "after", "c");

    assertThat(sent.status()).isEqualTo(200);
    assertThat(bodies(poll.get(WAIT.toSeconds(), TimeUnit.SECONDS).json()))
        .containsExactly("after");
    assertThat(bodies(agents.get(recvQuery("carol", "c", null, false, null)).json()))
        .containsExactly("queued");
    assertThat(entries(other, NamespaceRestarted.class)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(NamespaceHandle.class)
  void aDowntimeOutOfBoundsIsRefusedNamingIt(NamespaceHandle handle) {
    BusNamespace namespace = namespace(handle, "bounds");

    assertThatThrownBy(() -> namespace.faults().restart(RestartQueues.KEPT, Duration.ofSeconds(61)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("downFor")
        .hasMessageContaining("at most 60 seconds");
    assertThatThrownBy(() -> namespace.faults().restart(RestartQueues.KEPT, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("downFor");
    assertThat(entries(namespace, NamespaceRestarted.class)).isEmpty();
  }
}
