package dev.agentbus.embedded.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.AgentBusException;
import dev.agentbus.client.BusRejectedException;
import dev.agentbus.client.Listener;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.embedded.AgentBusServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The background listen loop: order, resilience, and a prompt stop. */
class ListenerTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static AgentBusClient client(URI url, String name) {
    return AgentBusClient.builder().url(url).name(name).channel("c").startFromBeginning().build();
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

  @Test
  void aListenerHandsOverEveryMessageInOrder() throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().start();
        AgentBusClient bob = client(server.url(), "bob")) {
      BlockingQueue<BusMessage> received = new LinkedBlockingQueue<>();
      bob.listen(received::add);
      AgentBusClient alice = client(server.url(), "alice");
      for (int i = 0; i < 500; i++) {
        alice.send("bob", "m" + i);
      }

      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        expected.add("m" + i);
      }
      assertThat(take(received, 500)).isEqualTo(expected);
      assertThat(received).isEmpty();
    }
  }

  @Test
  void aListenerLosesAndRepeatsNothingWhileManyClientsSendConcurrently() throws Exception {
    int senders = 4;
    int perSender = 250;
    try (AgentBusServer server = AgentBusServer.builder().start();
        AgentBusClient bob = client(server.url(), "bob")) {
      BlockingQueue<BusMessage> received = new LinkedBlockingQueue<>();
      bob.listen(received::add);
      ExecutorService pool = Executors.newFixedThreadPool(senders);
      for (int s = 0; s < senders; s++) {
        AgentBusClient sender = client(server.url(), "s" + s);
        pool.submit(
            () -> {
              for (int i = 0; i < perSender; i++) {
                sender.send("bob", String.valueOf(i));
              }
            });
      }
      pool.shutdown();

      Map<String, List<Integer>> bySender = new HashMap<>();
      for (int i = 0; i < senders * perSender; i++) {
        BusMessage message = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(message).as("message %d", i).isNotNull();
        bySender
            .computeIfAbsent(message.from(), k -> new ArrayList<>())
            .add(Integer.valueOf(message.msg()));
      }
      assertThat(bySender).hasSize(senders);
      bySender
          .values()
          .forEach(
              sequence ->
                  assertThat(sequence).hasSize(perSender).isSorted().doesNotHaveDuplicates());
      assertThat(pool.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aListenerSurvivesABusRestartOnTheSamePortAndDeliversWhatComesAfter() throws Exception {
    AgentBusServer first = AgentBusServer.builder().recvTimeout(Duration.ofSeconds(2)).start();
    int port = first.port();
    URI url = first.url();
    BlockingQueue<BusMessage> received = new LinkedBlockingQueue<>();
    BlockingQueue<AgentBusException> errors = new LinkedBlockingQueue<>();
    try (AgentBusClient bob = client(url, "bob")) {
      Listener listener = bob.listen(received::add, errors::add);
      client(url, "alice").send("bob", "before the restart");
      assertThat(take(received, 1)).containsExactly("before the restart");

      first.close();
      assertThat(errors.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
          .as("a failed poll is reported")
          .isNotNull();
      try (AgentBusServer second = AgentBusServer.builder().port(port).start()) {
        assertThat(second.url()).isEqualTo(url);
        client(url, "alice").send("bob", "after the restart");

        assertThat(take(received, 1)).containsExactly("after the restart");
        assertThat(listener.isRunning()).isTrue();
      }
    } finally {
      first.close();
    }
  }

  @Test
  void closingAListenerStopsItPromptlyEvenMidPoll() throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      AgentBusClient bob = client(server.url(), "bob");
      Listener listener = bob.listen(message -> {});
      assertThat(server.awaitParkedPolls(1, WAIT)).isTrue();

      listener.close();

      assertThat(listener.isRunning()).isFalse();
    }
  }

  @Test
  void aRefusedListenerStopsAndSaysWhy() throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().bearerToken("right").start()) {
      AgentBusClient bob =
          AgentBusClient.builder()
              .url(server.url())
              .name("bob")
              .channel("c")
              .bearerToken("wrong")
              .build();

      Listener listener = bob.listen(message -> {});

      assertThat(listener.awaitStopped(WAIT)).isTrue();
      assertThat(listener.failure())
          .get()
          .isInstanceOfSatisfying(
              BusRejectedException.class, e -> assertThat(e.status()).isEqualTo(401));
    }
  }

  @Test
  void aHandlerThatThrowsDoesNotStopTheListener() throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().start();
        AgentBusClient bob = client(server.url(), "bob")) {
      BlockingQueue<BusMessage> received = new LinkedBlockingQueue<>();
      bob.listen(
          message -> {
            received.add(message);
            if (message.msg().equals("boom")) {
              throw new IllegalStateException("handler failure");
            }
          });
      AgentBusClient alice = client(server.url(), "alice");
      alice.send("bob", "boom");
      alice.send("bob", "after");

      assertThat(take(received, 2)).containsExactly("boom", "after");
    }
  }
}
