package dev.agentbus.embedded.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.AgentBusException;
import dev.agentbus.client.BusRejectedException;
import dev.agentbus.client.CursorNotSavedException;
import dev.agentbus.client.Listener;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.journal.JournalPage;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
      List<Future<?>> sending = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        AgentBusClient sender = client(server.url(), "s" + s);
        sending.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perSender; i++) {
                    sender.send("bob", String.valueOf(i));
                  }
                }));
      }
      pool.shutdown();
      for (Future<?> sender : sending) {
        sender.get(WAIT.toSeconds(), TimeUnit.SECONDS); // a failed send fails the test here
      }

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
    try (AgentBusServer server = AgentBusServer.builder().token("right").start()) {
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

  @Test
  void aCursorFileThatCannotBeWrittenIsReportedOnceAndNothingIsLost(@TempDir Path tmp)
      throws Exception {
    Path notAFolder = Files.writeString(tmp.resolve("occupied"), "a file where a folder should be");
    try (AgentBusServer server = AgentBusServer.builder().start();
        AgentBusClient bob =
            AgentBusClient.builder()
                .url(server.url())
                .name("bob")
                .channel("c")
                .startFromBeginning()
                .stateDirectory(notAFolder.resolve("state"))
                .build()) {
      BlockingQueue<BusMessage> received = new LinkedBlockingQueue<>();
      BlockingQueue<AgentBusException> errors = new LinkedBlockingQueue<>();
      Listener listener = bob.listen(received::add, errors::add);
      AgentBusClient alice = client(server.url(), "alice");

      alice.send("bob", "first");
      assertThat(take(received, 1)).containsExactly("first");
      alice.send("bob", "second");
      assertThat(take(received, 1)).containsExactly("second");

      assertThat(listener.isRunning()).isTrue();
      assertThat(errors)
          .singleElement()
          .isInstanceOf(CursorNotSavedException.class)
          .extracting(Throwable::getMessage)
          .asString()
          .contains("kept in memory", "AGENT_BUS_STATE_DIR");
    }
  }

  @Test
  void closingFromTheHandlerLeavesTheRestOfTheBatchForTheNextPoll() throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().start();
        AgentBusClient bob = client(server.url(), "bob")) {
      AgentBusClient alice = client(server.url(), "alice");
      BigDecimal first = alice.send("bob", "one").ts();
      alice.send("bob", "two");
      alice.send("bob", "three");
      List<String> handled = new ArrayList<>();
      Listener[] self = new Listener[1];
      CountDownLatch started = new CountDownLatch(1);
      self[0] =
          bob.listen(
              message -> {
                handled.add(message.msg());
                awaitLatch(started);
                self[0].close();
              });
      started.countDown();

      assertThat(self[0].awaitStopped(WAIT)).isTrue();
      assertThat(handled).containsExactly("one");
      assertThat(bob.cursor()).isEqualTo(first);
      assertThat(bob.pollNow()).extracting(BusMessage::msg).containsExactly("two", "three");
    }
  }

  @Test
  void anErrorThrownByTheHandlerStopsTheListenerWithAFailure() throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().start();
        AgentBusClient bob = client(server.url(), "bob")) {
      BlockingQueue<AgentBusException> errors = new LinkedBlockingQueue<>();
      Listener listener =
          bob.listen(
              message -> {
                throw new AssertionError("a handler's own assertion failed");
              },
              errors::add);
      client(server.url(), "alice").send("bob", "x");

      assertThat(listener.awaitStopped(WAIT)).isTrue();
      assertThat(listener.failure())
          .get()
          .satisfies(e -> assertThat(e).hasRootCauseInstanceOf(AssertionError.class));
      assertThat(errors).containsExactly(listener.failure().orElseThrow());
    }
  }

  @Test
  void theClientKeepsEveryHandlerFailureAndTheErrorThatStoppedAListener() throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().start();
        AgentBusClient bob = client(server.url(), "bob")) {
      Listener listener =
          bob.listen(
              message -> {
                if (message.msg().equals("odd")) {
                  throw new IllegalStateException("cannot handle " + message.msg());
                }
                throw new AssertionError("did not expect " + message.msg());
              },
              error -> {});
      AgentBusClient alice = client(server.url(), "alice");
      alice.send("bob", "odd");
      alice.send("bob", "fatal");

      assertThat(listener.awaitStopped(WAIT)).isTrue();
      assertThat(bob.listeners()).isEmpty();
      assertThat(bob.listenerFailures())
          .extracting(Throwable::getMessage)
          .satisfiesExactly(
              first ->
                  assertThat(first)
                      .startsWith(
                          "the message handler threw on the message from alice on channel c")
                      .endsWith("\"odd\"): java.lang.IllegalStateException: cannot handle odd"),
              second ->
                  assertThat(second)
                      .contains("\"fatal\") and the listener stopped: did not expect fatal"));
      assertThat(bob.listenerFailures().get(1)).isSameAs(listener.failure().orElseThrow());
    }
  }

  @Test
  void aListenerWithoutAnErrorCallbackSendsItsErrorsToTheWarnings() throws Exception {
    BlockingQueue<String> warnings = new LinkedBlockingQueue<>();
    try (AgentBusServer server = AgentBusServer.builder().start();
        AgentBusClient bob =
            AgentBusClient.builder()
                .url(server.url())
                .name("bob")
                .channel("c")
                .warnings(warnings::add)
                .build()) {
      Listener listener =
          bob.listen(
              message -> {
                throw new AssertionError("wrong answer");
              });
      assertThat(listener.isRunning()).isTrue();
      assertThat(bob.listeners()).containsExactly(listener);
      client(server.url(), "alice").send("bob", "x");

      assertThat(listener.awaitStopped(WAIT)).isTrue();
      assertThat(warnings.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
          .startsWith("agent-bus listener of 'bob': the message handler threw on")
          .endsWith("and the listener stopped: wrong answer");
    }
  }

  @Test
  void aFirewallRefusalIsRetriedAndReportedOncePerOutage() throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().waf(true).start();
        AgentBusClient script =
            AgentBusClient.builder()
                .url(server.url())
                .name("bob")
                .channel("c")
                .userAgent("Python-urllib/3.11")
                .build()) {
      BlockingQueue<AgentBusException> errors = new LinkedBlockingQueue<>();
      Listener listener = script.listen(message -> {}, errors::add);

      JournalPage page = server.journal().await(2, 1, WAIT); // the third refused poll
      assertThat(page.entries()).as("a third attempt within %s", WAIT).isNotEmpty();

      assertThat(listener.isRunning()).isTrue();
      assertThat(listener.failure()).isEmpty();
      assertThat(errors)
          .singleElement()
          .isInstanceOfSatisfying(
              BusRejectedException.class, e -> assertThat(e.status()).isEqualTo(403));
    }
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
