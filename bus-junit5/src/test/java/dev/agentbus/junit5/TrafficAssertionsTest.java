package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.BusRejectedException;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.embedded.traffic.DeliveryStatus;
import dev.agentbus.embedded.traffic.MessageOutcome;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

@WithAgentBus
class TrafficAssertionsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aMessageNeverSentFailsWithTheExpectationTheNearestMessagesAndTheTranscript(
      @Agent("alice") AgentBusClient alice, Traffic traffic) {
    alice.send("bob", "ping");
    alice.send("carol", "hello");

    assertThatThrownBy(
            () -> traffic.assertThat(Sent.by("alice").to("bob").containing("pong")).wasSent())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected a message from alice to bob containing \"pong\" to have been sent, but none"
                + " was.\nNearest messages:\n  alice -> bob \"ping\"")
        .hasMessageContaining("agent-bus traffic (namespace ")
        .hasMessageContaining("2 messages: 0 delivered, 0 not yet, 2 lost (never polled 2)");
  }

  @Test
  void anUndeliveredMessageFailsWasDeliveredWithItsDiagnosis(
      @Agent("alice") AgentBusClient alice, Traffic traffic) {
    alice.send("bob", "ping");

    assertThatThrownBy(() -> traffic.assertThat(Sent.by("alice").to("bob")).wasDelivered())
        .hasMessageStartingWith(
            "Expected a message from alice to bob to have been delivered, but alice -> bob"
                + " \"ping\" (channel ");
    traffic
        .assertThat(Sent.by("alice").to("bob"))
        .wasNotDelivered()
        .hasStatus(DeliveryStatus.NEVER_POLLED);
  }

  @Test
  void exactlyOnceFailsWhenTheMessageWasSentTwice(
      @Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob, Traffic traffic) {
    alice.send("bob", "ping");
    alice.send("bob", "ping");
    bob.pollNow();

    traffic.assertThat(Sent.by("alice").to("bob")).wasDelivered().times(2);
    assertThatThrownBy(() -> traffic.assertThat(Sent.by("alice").to("bob")).exactlyOnce())
        .hasMessageStartingWith("Expected exactly one message from alice to bob, but 2 were sent.");
  }

  @Test
  void exactlyOnceAfterWasDeliveredFailsWhenAPollReadTheMessageAgain(
      @Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob, Traffic traffic) {
    alice.send("bob", "ping");
    bob.pollNow();
    bob.recv(java.math.BigDecimal.ZERO, false, 10); // a client that forgot its cursor

    // snippet:times
    // alice sent bob one message, and bob read it twice (a poll that forgot its cursor)
    traffic.assertThat(Sent.by("alice").to("bob")).wasSent().times(1); // 1 send
    traffic.assertThat(Sent.by("alice").to("bob")).wasDelivered().times(2); // 2 deliveries
    assertThatThrownBy(
            () -> traffic.assertThat(Sent.by("alice").to("bob")).wasDelivered().exactlyOnce())
        .hasMessageStartingWith(
            "Expected a message from alice to bob to have been delivered exactly once, but polls"
                + " returned it 2 times.");
    // end-snippet:times
  }

  @Test
  void timesAfterWasDeliveredCountsEveryPollThatReturnedAMatchingMessage(
      @Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob, Traffic traffic) {
    alice.send("bob", "ping");
    bob.pollNow();
    bob.recv(java.math.BigDecimal.ZERO, false, 10); // a client that forgot its cursor

    traffic.assertThat(Sent.by("alice").to("bob")).wasDelivered().times(2);
    assertThatThrownBy(() -> traffic.assertThat(Sent.by("alice").to("bob")).wasDelivered().times(3))
        .hasMessageStartingWith(
            "Expected a message from alice to bob to have been delivered 3 times, but polls"
                + " returned it 2 times.");
  }

  @Test
  void timesAfterWasSentCountsSendsHoweverOftenTheyWereRead(
      @Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob, Traffic traffic) {
    alice.send("bob", "ping");
    bob.pollNow();
    bob.recv(java.math.BigDecimal.ZERO, false, 10); // a client that forgot its cursor

    traffic.assertThat(Sent.by("alice").to("bob")).wasSent().times(1).exactlyOnce();
    assertThatThrownBy(() -> traffic.assertThat(Sent.by("alice").to("bob")).wasSent().times(2))
        .hasMessageStartingWith(
            "Expected a message from alice to bob to have been sent 2 times, but 1 was sent.");
  }

  @Test
  void assertInOrderFailsNamingTheMessageThatCameTooEarly(
      @Agent("alice") AgentBusClient alice, Traffic traffic) {
    alice.send("bob", "second");
    alice.send("bob", "first");

    traffic.assertInOrder(Sent.any().containing("second"), Sent.any().containing("first"));
    assertThatThrownBy(
            () ->
                traffic.assertInOrder(
                    Sent.any().containing("first"), Sent.any().containing("second")))
        .hasMessageStartingWith(
            "Expected a message containing \"second\" after a message containing \"first\", but"
                + " none was sent after it.");
  }

  @Test
  void assertNothingOnDefaultNamesTheAgentThatForgotItsChannel(
      @Agent(value = "alice", noChannel = true) AgentBusClient alice, Traffic traffic) {
    alice.send("bob", "lost in default");

    assertThatThrownBy(traffic::assertNothingOnDefault)
        .hasMessageStartingWith(
            "Expected no message on channel default, but 1 message was not:\n"
                + "  alice -> bob \"lost in default\" (channel default, none given)");
  }

  @Test
  void awaitSentWakesWhenAnotherThreadSends(@Agent("alice") AgentBusClient alice, Traffic traffic) {
    CompletableFuture<Void> later = CompletableFuture.runAsync(() -> alice.send("bob", "later"));

    assertThat(traffic.awaitSent(Sent.by("alice").containing("later"), WAIT).to()).isEqualTo("bob");
    later.join();
  }

  @Test
  void awaitDeliveredReturnsTheReceiptOfTheParkedPollThatGotTheMessage(
      @Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob, Traffic traffic) {
    CompletableFuture<java.util.List<BusMessage>> polled = CompletableFuture.supplyAsync(bob::poll);
    traffic.awaitPolling("bob");
    alice.send("bob", "wake up");

    MessageOutcome outcome = traffic.awaitDelivered(Sent.by("alice").to("bob"), WAIT);
    assertThat(outcome.receipts())
        .singleElement()
        .satisfies(r -> assertThat(r.afterMillis()).isLessThan(5_000));
    assertThat(polled.join()).extracting(BusMessage::msg).containsExactly("wake up");
  }

  @Test
  void anAwaitThatTimesOutFailsWithTheTranscript(
      @Agent("alice") AgentBusClient alice, Traffic traffic) {
    alice.send("bob", "ping");

    assertThatThrownBy(
            () -> traffic.awaitDelivered(Sent.by("alice").to("bob"), Duration.ofMillis(200)))
        .hasMessageStartingWith(
            "Timed out after 0.2 s waiting for a message from alice to bob to be delivered.")
        .hasMessageContaining("NOT DELIVERED: bob never polled");
    assertThatThrownBy(() -> traffic.awaitPolling("bob", null, Duration.ofMillis(200)))
        .hasMessageStartingWith("Timed out after 0.2 s waiting for bob to poll any channel.");
  }

  @Test
  void awaitPollingWithATimeoutWaitsForAPollOnTheTestChannelAndTimesOutNamingIt(
      @Agent("bob") AgentBusClient bob, AgentBus bus, Traffic traffic) {
    assertThatThrownBy(() -> traffic.awaitPolling("bob", Duration.ofMillis(200)))
        .hasMessageStartingWith(
            "Timed out after 0.2 s waiting for bob to poll channel " + bus.channel() + ".");

    CompletableFuture<java.util.List<BusMessage>> polled = CompletableFuture.supplyAsync(bob::poll);
    traffic.awaitPolling("bob", WAIT);
    bus.client("alice").send("bob", "you are listening");
    assertThat(polled.join()).extracting(BusMessage::msg).containsExactly("you are listening");
  }

  @Test
  @WithAgentBus(maxQueue = 2)
  void evictionsFromAFullQueueAreListedAndDiagnosed(
      @Agent("alice") AgentBusClient alice, Traffic traffic) {
    for (int i = 1; i <= 3; i++) {
      alice.send("bob", "message " + i);
    }

    assertThat(traffic.evictions())
        .singleElement()
        .satisfies(e -> assertThat(e.to()).isEqualTo("bob"));
    traffic.assertThat(Sent.any().containing("message 1")).hasStatus(DeliveryStatus.EVICTED);
  }

  @Test
  @WithAgentBus(waf = true)
  void aScriptUserAgentRefusedByTheFirewallEmulationIsARejectedRequest(
      AgentBus bus, Traffic traffic) {
    AgentBusClient script =
        AgentBusClient.builder()
            .url(bus.url())
            .name("script")
            .channel(bus.channel())
            .userAgent("Python-urllib/3.11")
            .build();

    assertThatThrownBy(() -> script.send("bob", "hi")).isInstanceOf(BusRejectedException.class);
    assertThat(traffic.rejected())
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(403));
    assertThatThrownBy(traffic::assertNoRejectedRequest)
        .hasMessageStartingWith(
            "Expected no rejected request, but the bus refused 1:\n  POST /send 403: ");
  }

  @Test
  @WithAgentBus(token = "s3cret")
  void injectedAgentsAndTheAgentEnvironmentCarryTheNamespacesToken(
      @Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob, AgentBus bus) {
    alice.send("bob", "with token");

    assertThat(bob.pollNow()).extracting(BusMessage::msg).containsExactly("with token");
    assertThat(bus.environment("carol")).containsEntry("AGENT_BUS_TOKEN", "s3cret");
    AgentBusClient tokenless =
        AgentBusClient.builder().url(bus.url()).name("eve").channel(bus.channel()).build();
    assertThatThrownBy(() -> tokenless.send("bob", "no token"))
        .isInstanceOf(BusRejectedException.class)
        .hasMessageContaining("401");
  }
}
