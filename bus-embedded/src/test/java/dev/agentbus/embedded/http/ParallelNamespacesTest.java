package dev.agentbus.embedded.http;

import static dev.agentbus.embedded.testing.BusHttp.recvQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.PollAnswered;
import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import dev.agentbus.embedded.traffic.DeliveryStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many tests sharing one bus, each in a namespace of its own with options of its own, all at once:
 * nothing of one reaches another, not its messages, its journal, its awaits or its options.
 */
class ParallelNamespacesTest {

  private static final int TESTS = 24;
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final AgentBusServer server = AgentBusServer.builder().start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void concurrentNamespacesNeverSeeEachOthersTrafficAwaitsOrOptions() throws Exception {
    ExecutorService tests = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < TESTS; t++) {
        int test = t;
        running.add(tests.submit(() -> runOneTest(test)));
      }
      for (Future<?> future : running) {
        future.get(120, TimeUnit.SECONDS);
      }
    } finally {
      tests.shutdownNow();
    }
  }

  /** What one test does on the shared bus; every name is the same in every test on purpose. */
  private Void runOneTest(int test) throws Exception {
    boolean reference = test % 2 == 1;
    NamespaceOptions options =
        NamespaceOptions.builder()
            .channellessRecv(reference ? ChannellessRecv.DEFAULT : ChannellessRecv.ALL)
            .maxQueue(10 + test)
            .build();
    try (BusNamespace namespace = server.createNamespace("test-" + test, options)) {
      BusHttp agents = new BusHttp(namespace.url());
      CompletableFuture<Reply> bob = agents.getAsync(recvQuery("bob", "c", null, true, null));
      assertThat(namespace.awaitPolling("bob", "c", WAIT)).isTrue();

      agents.send("alice", "bob", "ping from test " + test, "c");
      agents.send("alice", "bob", "on default from test " + test, null);

      assertThat(BusHttp.bodies(bob.get(30, TimeUnit.SECONDS).json()))
          .containsExactly("ping from test " + test);
      List<JournalEntry> entries = namespace.journal().entries();
      assertThat(entries)
          .filteredOn(MessageSent.class::isInstance)
          .extracting(e -> ((MessageSent) e).msg())
          .containsExactly("ping from test " + test, "on default from test " + test);
      assertThat(entries).filteredOn(PollAnswered.class::isInstance).hasSize(1);
      assertThat(namespace.options().maxQueue()).isEqualTo(10 + test);
      assertThat(namespace.traffic().channellessRecv())
          .isEqualTo(reference ? ChannellessRecv.DEFAULT : ChannellessRecv.ALL);
      assertThat(namespace.traffic().counts().get(DeliveryStatus.DELIVERED)).isEqualTo(1);
    }
    return null;
  }
}
