package dev.agentbus.embedded.http;

import static dev.agentbus.embedded.testing.BusHttp.bodies;
import static dev.agentbus.embedded.testing.BusHttp.recvQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.journal.JournalPage;
import dev.agentbus.embedded.journal.PollAnswered;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import dev.agentbus.embedded.testing.RawHttp;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Blocking recv: event-driven, thread-free while parked, clean on disconnect and on stop. */
class LongPollTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void aParkedRecvIsAnsweredByAMatchingSend() throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      CompletableFuture<Reply> parked = bus.getAsync(recvQuery("bob", "c", null, true, null));
      assertThat(server.awaitParkedPolls(1, WAIT)).isTrue();

      bus.send("alice", "bob", "wake up", "c");

      assertThat(bodies(parked.join().json())).containsExactly("wake up");
    }
  }

  @Test
  void aParkedRecvIgnoresSendsOnOtherChannelsAndRecipients() throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      CompletableFuture<Reply> parked = bus.getAsync(recvQuery("bob", "c", null, true, null));
      assertThat(server.awaitParkedPolls(1, WAIT)).isTrue();

      bus.send("alice", "bob", "wrong channel", "d");
      bus.send("alice", "carol", "wrong recipient", "c");

      assertThat(parked).isNotDone();
      assertThat(server.parkedPolls()).isEqualTo(1);
      bus.send("alice", "bob", "right", "c");
      assertThat(bodies(parked.join().json())).containsExactly("right");
    }
  }

  @Test
  void aParkedRecvAnswersEmptyWhenTheRecvTimeoutPasses() {
    try (AgentBusServer server =
        AgentBusServer.builder().recvTimeout(Duration.ofMillis(200)).start()) {
      Reply reply = new BusHttp(server.url()).get(recvQuery("bob", null, null, true, null));

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().get("messages")).isEmpty();
      PollAnswered poll = (PollAnswered) server.journal().entries().get(0);
      assertThat(poll.waitedMillis()).isGreaterThanOrEqualTo(150);
    }
  }

  @Test
  void aClientThatDisconnectsLeavesNoParkedPollBehind() throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      try (RawHttp raw = new RawHttp(server.url(), WAIT)) {
        raw.get("/recv?to=bob&block=true");
        assertThat(server.awaitParkedPolls(1, WAIT)).isTrue();
      }

      JournalPage page = server.journal().await(1, 10, WAIT);

      assertThat(page.entries())
          .singleElement()
          .isInstanceOfSatisfying(
              PollAnswered.class, poll -> assertThat(poll.clientGone()).isTrue());
      assertThat(server.parkedPolls()).isZero();
    }
  }

  @Test
  void aConnectionServesAnotherRequestAfterAParkedRecv() throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().start();
        RawHttp raw = new RawHttp(server.url(), WAIT)) {
      raw.get("/recv?to=bob&block=true");
      assertThat(server.awaitParkedPolls(1, WAIT)).isTrue();
      new BusHttp(server.url()).send("alice", "bob", "first", null);
      assertThat(raw.read().body()).contains("first");

      raw.get("/healthz");

      assertThat(raw.read().status()).isEqualTo(200);
    }
  }

  @Test
  void pollsWokenBySendsOnOtherConnectionsKeepTheirConnectionsForTheNextRequest() throws Exception {
    // Eight connections over two I/O threads: some polls are woken from the other I/O thread,
    // whose sender writes the answer itself.
    wakeEightParkedPollsFromAnotherConnection(
        receiver -> {},
        receiver -> assertThat(receiver.exchange("/healthz").status()).isEqualTo(200));
  }

  @Test
  void aRequestPipelinedBehindAParkedPollIsAnsweredAfterThePoll() throws Exception {
    wakeEightParkedPollsFromAnotherConnection(
        receiver -> receiver.get("/inbox"),
        receiver -> assertThat(receiver.read().status()).isEqualTo(200));
  }

  /** What a test does with one receiver's connection, before its poll is woken or after. */
  private interface ReceiverStep {
    void on(RawHttp receiver) throws Exception;
  }

  /**
   * On a bus with two I/O threads, parks a poll for {@code r0..r7} on a connection each, then takes
   * {@code afterParking} on each; wakes them all by sends from one more connection; and checks that
   * each got its message, then takes {@code afterAnswer} on each.
   */
  private static void wakeEightParkedPollsFromAnotherConnection(
      ReceiverStep afterParking, ReceiverStep afterAnswer) throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().ioThreads(2).start();
        RawHttp sender = new RawHttp(server.url(), WAIT)) {
      List<RawHttp> receivers = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          RawHttp receiver = new RawHttp(server.url(), WAIT);
          receivers.add(receiver);
          receiver.get("/recv?to=r" + i + "&block=true");
          assertThat(server.awaitParkedPolls(i + 1, WAIT)).isTrue();
          afterParking.on(receiver);
        }
        for (int i = 0; i < 8; i++) {
          String body = "{\"from\":\"a\",\"to\":\"r" + i + "\",\"msg\":\"m" + i + "\"}";
          assertThat(sender.post("/send", body).status()).isEqualTo(200);
        }

        for (int i = 0; i < 8; i++) {
          RawHttp receiver = receivers.get(i);
          assertThat(receiver.read().body()).contains("\"m" + i + "\"");
          afterAnswer.on(receiver);
        }
      } finally {
        for (RawHttp receiver : receivers) {
          receiver.close();
        }
      }
    }
  }

  @Test
  void twoThousandParkedPollsHoldNoThreadsAndEachIsWokenByItsOwnSend() throws Exception {
    int polls = 2_000;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      bus.send("warm", "up", "x", null);
      int threadsBefore = threads.getThreadCount();
      List<RawHttp> clients = new ArrayList<>();
      try {
        for (int i = 0; i < polls; i++) {
          RawHttp client = new RawHttp(server.url(), WAIT);
          clients.add(client);
          client.get("/recv?to=r-" + i + "&block=true");
        }
        assertThat(server.awaitParkedPolls(polls, WAIT)).isTrue();
        int threadsParked = threads.getThreadCount();

        for (int i = 0; i < polls; i++) {
          bus.send("alice", "r-" + i, "for r-" + i, null);
        }
        for (int i = 0; i < polls; i++) {
          assertThat(clients.get(i).read().body()).contains("\"msg\":\"for r-" + i + "\"");
        }

        assertThat(threadsParked - threadsBefore)
            .as("threads added by parking")
            .isLessThanOrEqualTo(2);
        assertThat(server.parkedPolls()).isZero();
      } finally {
        for (RawHttp client : clients) {
          client.close();
        }
      }
    }
  }

  @Test
  void stoppingTheBusAnswersEveryParkedPollWithinASecond() throws Exception {
    int polls = 200;
    AgentBusServer server = AgentBusServer.builder().start();
    List<RawHttp> clients = new ArrayList<>();
    try {
      for (int i = 0; i < polls; i++) {
        RawHttp client = new RawHttp(server.url(), Duration.ofSeconds(1));
        clients.add(client);
        client.get("/recv?to=r-" + i + "&block=true");
      }
      assertThat(server.awaitParkedPolls(polls, WAIT)).isTrue();

      server.close();

      for (RawHttp client : clients) {
        RawHttp.Response response = client.read(); // fails if not answered within a second
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"messages\":[]");
      }
    } finally {
      server.close();
      for (RawHttp client : clients) {
        client.close();
      }
    }
  }
}
