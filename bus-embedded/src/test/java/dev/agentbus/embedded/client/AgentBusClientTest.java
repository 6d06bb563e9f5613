package dev.agentbus.embedded.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.BusRejectedException;
import dev.agentbus.client.BusUnreachableException;
import dev.agentbus.client.payload.ChunkAssembler;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.client.protocol.InboxCounts;
import dev.agentbus.client.protocol.RecvResult;
import dev.agentbus.client.protocol.SendAck;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.PollAnswered;
import dev.agentbus.embedded.testing.RunningBus;
import dev.agentbus.embedded.traffic.DeliveryStatus;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Java client against the real embedded bus. */
class AgentBusClientTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension final RunningBus bus = RunningBus.withDefaults();

  private AgentBusClient.Builder client(String name) {
    return AgentBusClient.builder()
        .url(bus.server().namespaceUrl("c"))
        .name(name)
        .channel("c-7")
        .startFromBeginning();
  }

  @Test
  void sendReturnsTheAckWithTimestampAndChannel() {
    SendAck ack = client("alice").build().send("bob", "ping");

    assertThat(ack.ok()).isTrue();
    assertThat(ack.channel()).isEqualTo("c-7");
    assertThat(ack.ts()).isPositive();
  }

  @Test
  void pollReturnsNewMessagesAndAdvancesTheCursor() {
    AgentBusClient alice = client("alice").build();
    AgentBusClient bob = client("bob").build();
    SendAck first = alice.send("bob", "one");

    assertThat(bob.pollNow()).extracting(BusMessage::msg).containsExactly("one");
    assertThat(bob.cursor()).isGreaterThanOrEqualTo(first.ts());
    alice.send("bob", "two");
    assertThat(bob.pollNow()).extracting(BusMessage::msg).containsExactly("two");
    assertThat(bob.pollNow()).isEmpty();
  }

  @Test
  void aBlockingPollReturnsWhenAMessageArrives() throws Exception {
    AgentBusClient bob = client("bob").build();
    CompletableFuture<List<BusMessage>> polling = CompletableFuture.supplyAsync(bob::poll);
    assertThat(bus.server().awaitParkedPolls(1, WAIT)).isTrue();

    client("alice").build().send("bob", "wake");

    assertThat(polling.get()).extracting(BusMessage::msg).containsExactly("wake");
  }

  @Test
  void recvPollsWithAnExplicitCursorAndMax() {
    AgentBusClient alice = client("alice").build();
    for (int i = 0; i < 3; i++) {
      alice.send("bob", "m" + i);
    }

    RecvResult result = client("bob").build().recv(BigDecimal.ZERO, false, 2);

    assertThat(result.messages()).extracting(BusMessage::msg).containsExactly("m0", "m1");
    assertThat(result.now()).isEqualTo(result.messages().get(1).ts());
  }

  @Test
  void namesAndChannelsWithAnyCharactersRoundTrip() {
    AgentBusClient sender = client("a & b = ü?").channel("chan 🚀 & co").build();
    AgentBusClient receiver = client("bob the 🤖 #1").channel("chan 🚀 & co").build();

    sender.send("bob the 🤖 #1", "x+y=z");

    BusMessage message = receiver.pollNow().get(0);
    assertThat(message.from()).isEqualTo("a & b = ü?");
    assertThat(message.msg()).isEqualTo("x+y=z");
    assertThat(message.channel()).isEqualTo("chan 🚀 & co");
  }

  @Test
  void aClientWithNoChannelReproducesTheOneDirectionalMismatch() {
    AgentBusClient careful = client("bob").build();
    AgentBusClient misconfigured = client("alice").noChannel().build();

    careful.send("alice", "ping");
    assertThat(misconfigured.pollNow()).extracting(BusMessage::msg).containsExactly("ping");
    assertThat(misconfigured.send("bob", "pong").channel()).isEqualTo("default");
    assertThat(careful.pollNow()).isEmpty();

    assertThat(bus.server().namespace("c").orElseThrow().traffic().messages().get(1).status())
        .isEqualTo(DeliveryStatus.CHANNEL_MISMATCH);
  }

  @Test
  void theUserAgentAndTokenReallyReachTheBus() {
    try (AgentBusServer secured = AgentBusServer.builder().token("t0k").waf(true).start()) {
      AgentBusClient client =
          AgentBusClient.builder()
              .url(secured.url())
              .name("alice")
              .channel("c")
              .bearerToken("t0k")
              .build();

      client.send("bob", "x");
      client.pollNow();

      MessageSent sent = (MessageSent) secured.journal().entries().get(0);
      PollAnswered poll = (PollAnswered) secured.journal().entries().get(1);
      assertThat(sent.userAgent()).isEqualTo("Mozilla/5.0");
      assertThat(poll.userAgent()).isEqualTo("Mozilla/5.0");
    }
  }

  @Test
  void aRefusalCarriesTheBusStatusAndSentence() {
    try (AgentBusServer waf = AgentBusServer.builder().waf(true).start()) {
      AgentBusClient script =
          AgentBusClient.builder()
              .url(waf.url())
              .name("alice")
              .channel("c")
              .userAgent("Python-urllib/3.11")
              .build();

      assertThatThrownBy(() -> script.send("bob", "x"))
          .isInstanceOfSatisfying(
              BusRejectedException.class,
              e -> {
                assertThat(e.status()).isEqualTo(403);
                assertThat(e.busError()).contains("does not look like a browser");
                assertThat(e.isTransient()).isFalse();
              })
          .hasMessageStartingWith("POST /send: 403 ");
    }
  }

  @Test
  void anUnreachableBusIsReportedAsSuch() {
    int port = bus.server().port();
    bus.server().close();
    AgentBusClient client =
        AgentBusClient.builder()
            .url(URI.create("http://127.0.0.1:" + port))
            .name("a")
            .channel("c")
            .build();

    assertThatThrownBy(() -> client.send("b", "x"))
        .isInstanceOf(BusUnreachableException.class)
        .hasMessageContaining("POST /send to http://127.0.0.1:" + port + " failed")
        .hasMessageEndingWith(
            "; is a bus running there? (start one with: java -jar agent-bus.jar serve)");
  }

  @Test
  void theClientWorksUnderABasePath() {
    try (AgentBusServer based = AgentBusServer.builder().basePath("/agent-bus").start()) {
      AgentBusClient client =
          AgentBusClient.builder()
              .url(URI.create(based.url() + "/"))
              .name("a")
              .channel("c")
              .startFromBeginning()
              .build();

      client.send("a", "to myself");

      assertThat(client.pollNow()).extracting(BusMessage::msg).containsExactly("to myself");
    }
  }

  @Test
  void aPersistedCursorLetsARestartedAgentReceiveWhatWasSentMeanwhile(@TempDir Path state) {
    AgentBusClient alice = client("alice").build();
    AgentBusClient bob = client("bob").stateDirectory(state).build();
    alice.send("bob", "before");
    assertThat(bob.pollNow()).extracting(BusMessage::msg).containsExactly("before");

    alice.send("bob", "while bob was down");
    AgentBusClient restarted =
        client("bob").stateDirectory(state).startAt(new BigDecimal("9999999999")).build();

    assertThat(restarted.pollNow())
        .extracting(BusMessage::msg)
        .containsExactly("while bob was down");
  }

  @Test
  void theCursorFileHoldsTheNowTheBusSentAsDecimalText(@TempDir Path state) throws Exception {
    AgentBusClient bob = client("bob").stateDirectory(state).build();
    client("alice").build().send("bob", "x");

    bob.pollNow();

    PollAnswered poll =
        (PollAnswered) bus.server().namespace("c").orElseThrow().journal().entries().get(1);
    assertThat(Files.readString(state.resolve("cursor_bob_c-7.txt")))
        .isEqualTo(poll.now().toPlainString());
  }

  @Test
  void aFullAnswerPersistsTheLastTimestampOnTheWire(@TempDir Path state) throws Exception {
    AgentBusClient alice = client("alice").build();
    List<SendAck> acks = new ArrayList<>();
    for (int i = 0; i < AgentBusClient.POLL_MAX + 5; i++) {
      acks.add(alice.send("bob", "m" + i));
    }
    AgentBusClient bob = client("bob").stateDirectory(state).build();

    assertThat(bob.pollNow()).hasSize(AgentBusClient.POLL_MAX);
    assertThat(Files.readString(state.resolve("cursor_bob_c-7.txt")))
        .isEqualTo(acks.get(AgentBusClient.POLL_MAX - 1).ts().toPlainString());
    assertThat(bob.pollNow()).hasSize(5);
  }

  @Test
  void theCursorCanBeReadWhileALongPollIsInFlight() throws Exception {
    AgentBusClient bob = client("bob").build();
    BigDecimal before = bob.cursor();
    CompletableFuture<List<BusMessage>> polling = CompletableFuture.supplyAsync(bob::poll);
    assertThat(bus.server().awaitParkedPolls(1, WAIT)).isTrue();

    BigDecimal during =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2), bob::cursor, "cursor() waited for the poll");

    assertThat(during).isEqualTo(before);
    client("alice").build().send("bob", "release the poll");
    assertThat(polling.get()).hasSize(1);
  }

  @Test
  void aSendOverTheBodyLimitIsReportedAsTooLargeWithTheSizeSent() {
    try (AgentBusServer small = AgentBusServer.builder().maxBodyBytes(1_000).start()) {
      AgentBusClient alice =
          AgentBusClient.builder().url(small.url()).name("alice").channel("c").build();

      assertThatThrownBy(() -> alice.send("bob", "x".repeat(2_000)))
          .isInstanceOfSatisfying(
              BusRejectedException.class, e -> assertThat(e.status()).isEqualTo(413))
          .hasMessageContaining("larger than the 1000-byte limit")
          .hasMessageContaining("(this body: 2050 bytes)")
          .hasMessageContaining("sendChunked or sendFile");
    }
  }

  @Test
  void inboxCountsWhatTheBusHoldsPerChannelAndRecipient() {
    AgentBusClient alice = client("alice").build();
    alice.send("bob", "one");
    alice.send("bob", "two");
    alice.send("carol", "three");

    InboxCounts inbox = alice.inbox();

    assertThat(inbox.recipients()).containsEntry("c-7", Map.of("bob", 2, "carol", 1));
    assertThat(inbox.now()).isPositive();
  }

  @Test
  void aChunkedPayloadCrossesTheBusIntact() {
    byte[] payload = new byte[200_000];
    new java.util.Random(11).nextBytes(payload);
    AgentBusClient alice = client("alice").build();
    AgentBusClient bob = client("bob").build();

    List<SendAck> acks = alice.sendChunked("bob", "BLOB", payload);

    ChunkAssembler assembler = new ChunkAssembler();
    ChunkAssembler.Payload received = null;
    for (int polls = 0; received == null && polls < acks.size() + 5; polls++) {
      for (BusMessage message : bob.pollNow()) {
        received = assembler.accept(message.from(), message.msg()).orElse(received);
      }
    }
    assertThat(received).isNotNull();
    assertThat(received.bytes()).isEqualTo(payload);
  }

  @Test
  void aSharedFileCrossesTheBusByReference(@TempDir Path shared) throws Exception {
    Path file = Files.writeString(shared.resolve("result.json"), "{\"score\": 0.93}");
    AgentBusClient alice = client("alice").build();

    alice.sendFile("bob", file);

    String message = client("bob").build().pollNow().get(0).msg();
    byte[] content = dev.agentbus.client.payload.FileReference.parse(message).orElseThrow().fetch();
    assertThat(new String(content, StandardCharsets.UTF_8)).isEqualTo("{\"score\": 0.93}");
  }
}
