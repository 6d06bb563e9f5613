package dev.agentbus.embedded.traffic;

import static dev.agentbus.embedded.testing.BusHttp.recvQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.ParkedPoll;
import dev.agentbus.embedded.journal.ParkedPolls;
import dev.agentbus.embedded.journal.TrafficSnapshot;
import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.testing.BusHttp;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-built scenarios over a real bus, and what the analysis makes of them. */
class TrafficAnalysisTest {

  @Test
  void thePublicBusMismatchInAllModeIsOneDirectional() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.namespaceUrl("t"));
      // bob is configured with channel c-7; alice forgot hers
      bus.send("bob", "alice", "ping", "c-7");
      bus.get(recvQuery("alice", null, null, null, null)); // alice hears every channel
      bus.send("alice", "bob", "pong", null); // ... but her reply lands on default
      bus.get(recvQuery("bob", "c-7", null, null, null));

      TrafficReport report = server.namespace("t").orElseThrow().traffic();

      assertThat(report.messages().get(0).status()).isEqualTo(DeliveryStatus.DELIVERED);
      MessageOutcome pong = report.messages().get(1);
      assertThat(pong.status()).isEqualTo(DeliveryStatus.CHANNEL_MISMATCH);
      assertThat(pong.diagnosis())
          .isEqualTo(
              "alice -> bob \"pong\" (channel default, none given) was never delivered:"
                  + " bob only polled channel c-7");
    }
  }

  @Test
  void aChannelMismatchCarriesTheChannelsPolledAsData() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      bus.send("alice", "bob", "pong", null);
      bus.get(recvQuery("bob", "c-9", null, null, null));
      bus.get(recvQuery("bob", "c-7", null, null, null));

      MessageOutcome pong = server.traffic().messages().get(0);

      assertThat(pong.status()).isEqualTo(DeliveryStatus.CHANNEL_MISMATCH);
      assertThat(pong.channelsPolled()).containsExactly("c-7", "c-9");
    }
  }

  @Test
  void thePublicBusMismatchInDefaultModeBreaksBothDirections() {
    try (AgentBusServer server =
        AgentBusServer.builder().channellessRecv(ChannellessRecv.DEFAULT).start()) {
      BusHttp bus = new BusHttp(server.namespaceUrl("t"));
      bus.send("bob", "alice", "ping", "c-7");
      bus.get(recvQuery("alice", null, null, null, null)); // reads only default here
      bus.send("alice", "bob", "pong", null);
      bus.get(recvQuery("bob", "c-7", null, null, null));

      TrafficReport report = server.namespace("t").orElseThrow().traffic();

      assertThat(report.messages())
          .extracting(MessageOutcome::status)
          .containsExactly(DeliveryStatus.CHANNEL_MISMATCH, DeliveryStatus.CHANNEL_MISMATCH);
      assertThat(report.messages().get(0).diagnosis())
          .endsWith("alice only polled channel default");
    }
  }

  @Test
  void aRecipientThatNeverPolledIsNamed() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      new BusHttp(server.url()).send("alice", "bob", "anyone?", "c");

      assertThat(server.traffic().messages().get(0).diagnosis())
          .isEqualTo("alice -> bob \"anyone?\" (channel c) was never delivered: bob never polled");
    }
  }

  @Test
  void aRecipientPollingSeveralWrongChannelsHasThemListed() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      bus.send("alice", "bob", "x", "c-1");
      bus.get(recvQuery("bob", "c-3", null, null, null));
      bus.get(recvQuery("bob", "c-2", null, null, null));

      assertThat(server.traffic().messages().get(0).diagnosis())
          .endsWith("bob only polled channels c-2 and c-3");
    }
  }

  @Test
  void anEvictedMessageIsReportedAsEvicted() {
    try (AgentBusServer server = AgentBusServer.builder().maxQueue(2).start()) {
      BusHttp bus = new BusHttp(server.url());
      for (int i = 0; i < 3; i++) {
        bus.send("alice", "bob", "m" + i, null);
      }
      bus.get(recvQuery("bob", null, null, null, null));

      TrafficReport report = server.traffic();

      assertThat(report.messages())
          .extracting(MessageOutcome::status)
          .containsExactly(
              DeliveryStatus.EVICTED, DeliveryStatus.DELIVERED, DeliveryStatus.DELIVERED);
      assertThat(report.messages().get(0).diagnosis())
          .endsWith("evicted from bob's full queue first");
    }
  }

  @Test
  void aMessageReadTwiceIsReportedWithBothReceipts() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      bus.send("alice", "bob", "again", null);
      bus.get(recvQuery("bob", null, BigDecimal.ZERO, null, null));
      bus.get(recvQuery("bob", null, BigDecimal.ZERO, null, null));

      MessageOutcome outcome = server.traffic().messages().get(0);

      assertThat(outcome.deliveredMoreThanOnce()).isTrue();
      assertThat(outcome.receipts()).hasSize(2);
      assertThat(outcome.diagnosis()).contains("was delivered 2 times to bob");
    }
  }

  @Test
  void aMessageBehindTheRecipientsCursorIsReportedAsSkipped() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      BigDecimal ts = bus.send("alice", "bob", "behind", null).ts();
      bus.get(recvQuery("bob", null, ts.add(BigDecimal.ONE), null, null));

      MessageOutcome outcome = server.traffic().messages().get(0);

      assertThat(outcome.status()).isEqualTo(DeliveryStatus.SKIPPED_BY_CURSOR);
      assertThat(outcome.diagnosis())
          .contains("polled its channel only with since at or past its ts");
    }
  }

  @Test
  void aMessageSentAfterTheRecipientsLastPollIsNotYetDelivered() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      bus.get(recvQuery("bob", "c", null, null, null));
      bus.send("alice", "bob", "later", "c");

      MessageOutcome outcome = server.traffic().messages().get(0);

      assertThat(outcome.status()).isEqualTo(DeliveryStatus.NOT_YET_DELIVERED);
      assertThat(outcome.status().isLost()).isFalse();
    }
  }

  @Test
  void aParkedPollThatDeliversRecordsHowLongTheMessageTook() throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      var parked = bus.getAsync(recvQuery("bob", null, null, true, null));
      assertThat(server.awaitParkedPolls(1, Duration.ofSeconds(20))).isTrue();
      long beforeSend = System.nanoTime();
      bus.send("alice", "bob", "hi", null);
      parked.join();
      double observedMillis = (System.nanoTime() - beforeSend) / 1e6;

      Receipt receipt = server.traffic().messages().get(0).receipts().get(0);

      // from send to delivery: within what the test saw, not the time the poll was parked
      assertThat(receipt.afterMillis()).isBetween(0.0, observedMillis);
      assertThat(receipt.channel()).isNull();
    }
  }

  @Test
  void bodiesAndNamesWithAnyCharactersStayOnOneLine() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      new BusHttp(server.url())
          .send(
              "a \"quoted\" 🤖",
              "b & c",
              "line 1\nline 2\ttab \u0000 and a long tail that goes on",
              "c");

      String diagnosis = server.traffic().messages().get(0).diagnosis();

      assertThat(diagnosis)
          .doesNotContain("\n")
          .startsWith("a \"quoted\" 🤖 -> b & c \"line 1\\nline 2\\ttab \\u0000 and a long ta…\"");
    }
  }

  @Test
  void aRecipientParkedOnTheMessagesChannelWithAnEarlierCursorMakesItNotYetDeliveredNotLost() {
    BigDecimal ts = new BigDecimal("1795617600.010000");
    MessageSent sent = new MessageSent(1, ts, "c", true, "alice", "bob", "hi", 2, null);
    ParkedPoll bob =
        new ParkedPoll(new BigDecimal("1795617600.009000"), "bob", "c", "c", BigDecimal.ONE, 1);

    MessageOutcome outcome =
        TrafficAnalysis.analyze(
                "t",
                ChannellessRecv.ALL,
                new TrafficSnapshot(List.of(sent), 0, new ParkedPolls(1, 2, List.of(bob), 0), null))
            .messages()
            .get(0);

    assertThat(outcome.status()).isEqualTo(DeliveryStatus.NOT_YET_DELIVERED);
    assertThat(outcome.status().isLost()).isFalse();
    assertThat(outcome.diagnosis())
        .endsWith(
            "is not delivered yet: bob is parked on its channel now, since 1.0 ms before it was"
                + " sent, so its answer is on the way");
  }

  @Test
  void entriesJournaledAfterTheParkedPollsWereTakenAreLeftOutOfTheReport() {
    BigDecimal ts = new BigDecimal("1795617600.010000");
    MessageSent before = new MessageSent(1, ts, "c", true, "alice", "bob", "before", 6, null);
    MessageSent after =
        new MessageSent(2, ts.add(BigDecimal.ONE), "c", true, "alice", "bob", "after", 5, null);

    TrafficReport report =
        TrafficAnalysis.analyze(
            "t",
            ChannellessRecv.ALL,
            new TrafficSnapshot(
                List.of(before, after), 0, new ParkedPolls(1, 2, List.of(), 0), null));

    assertThat(report.messages()).extracting(m -> m.message().msg()).containsExactly("before");
  }
}
