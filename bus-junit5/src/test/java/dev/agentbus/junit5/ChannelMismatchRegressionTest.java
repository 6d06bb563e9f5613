package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.traffic.DeliveryStatus;
import dev.agentbus.embedded.traffic.MessageOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The public bus's classic failure: bob on the agreed channel, alice with none. On the hosted bus
 * (a channel-less poll reads every channel) bob's messages reach alice, while alice's replies land
 * on {@code default} and reach nobody; on the reference server (it reads only {@code default})
 * neither direction arrives. The traffic analysis must say so in plain words, and strict mode must
 * fail the test with that diagnosis.
 */
@WithAgentBus
class ChannelMismatchRegressionTest {

  @Test
  void aChannellessAgentHearsItsPeerButItsRepliesReachNobody(
      @Agent("bob") AgentBusClient bob,
      @Agent(value = "alice", noChannel = true) AgentBusClient alice,
      AgentBus bus,
      Traffic traffic) {
    bob.send("alice", "ping");
    assertThat(alice.pollNow()).extracting(BusMessage::msg).containsExactly("ping");
    alice.send("bob", "pong");
    assertThat(bob.pollNow()).isEmpty();

    traffic.assertThat(Sent.by("bob").to("alice").containing("ping")).wasDelivered();
    traffic
        .assertThat(Sent.by("alice").to("bob").containing("pong"))
        .hasStatus(DeliveryStatus.CHANNEL_MISMATCH);
    assertThat(traffic.channelMismatches())
        .extracting(MessageOutcome::diagnosis)
        .containsExactly(
            "alice -> bob \"pong\" (channel default, none given) was never delivered: bob only"
                + " polled channel "
                + bus.channel());
  }

  @Test
  @WithAgentBus(channellessRecv = ChannellessRecv.DEFAULT)
  void onTheReferenceServersBehaviourNeitherDirectionArrives(
      @Agent("bob") AgentBusClient bob,
      @Agent(value = "alice", noChannel = true) AgentBusClient alice,
      AgentBus bus,
      Traffic traffic) {
    bob.send("alice", "ping");
    assertThat(alice.pollNow()).isEmpty();
    alice.send("bob", "pong");
    assertThat(bob.pollNow()).isEmpty();

    assertThat(traffic.channelMismatches())
        .extracting(MessageOutcome::diagnosis)
        .containsExactly(
            "bob -> alice \"ping\" (channel "
                + bus.channel()
                + ") was never delivered: alice only polled channel default",
            "alice -> bob \"pong\" (channel default, none given) was never delivered: bob only"
                + " polled channel "
                + bus.channel());
  }

  @Test
  void assertNoChannelMismatchFailsWithTheDiagnosisAndTheTranscript(
      @Agent("bob") AgentBusClient bob,
      @Agent(value = "alice", noChannel = true) AgentBusClient alice,
      AgentBus bus,
      Traffic traffic) {
    bob.send("alice", "ping");
    alice.pollNow();
    alice.send("bob", "pong");
    bob.pollNow();

    assertThatThrownBy(traffic::assertNoChannelMismatch)
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected no channel mismatch, but 1 message was not:\n"
                + "  alice -> bob \"pong\" (channel default, none given) was never delivered: bob"
                + " only polled channel "
                + bus.channel())
        .hasMessageContaining("agent-bus traffic (namespace " + bus.namespace().id())
        .hasMessageContaining("NOT DELIVERED: bob only polled channel " + bus.channel());
  }

  @Test
  void assertNoChannelMismatchFailsWhileTheRecipientIsStillParkedOnItsChannel(
      @Agent("planner") AgentBusClient planner,
      @Agent(value = "alice", noChannel = true) AgentBusClient alice,
      AgentBus bus,
      Traffic traffic) {
    planner.listen(message -> {});
    traffic.awaitPolling("planner");
    alice.send("planner", "plan?");

    assertThat(traffic.channelMismatches()).hasSize(1);
    assertThatThrownBy(traffic::assertNoChannelMismatch)
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected no channel mismatch, but 1 message was not:\n"
                + "  alice -> planner \"plan?\" (channel default, none given) was never delivered:"
                + " planner only polled channel "
                + bus.channel()
                + " and is parked there now, since ")
        .hasMessageContaining("NOT DELIVERED: planner only polled channel " + bus.channel())
        .hasMessageContaining("now  planner is polling channel " + bus.channel())
        .hasMessageNotContaining("never polled");
  }

  @Test
  void strictModeFailsTheMismatchWithItsDiagnosis() {
    EngineExecutionResults results = EngineRuns.run(StrictMismatch.class);

    results.testEvents().assertStatistics(s -> s.started(1).failed(1));
    List<String> failures = EngineRuns.failureMessages(results);
    assertThat(failures)
        .singleElement()
        .asString()
        .startsWith(
            "@WithAgentBus(strict = true) fails a test that leaves a message undelivered. Expected"
                + " every message delivered, but 1 message was not:\n"
                + "  alice -> bob \"pong\" (channel default, none given) was never delivered: bob"
                + " only polled channel repliesWithoutAChannel-")
        .contains("1 lost (channel mismatch 1)");
  }

  @Test
  void strictModePassesATestWhoseMessagesWereAllDelivered() {
    EngineRuns.run(StrictAndClean.class)
        .testEvents()
        .assertStatistics(s -> s.started(1).succeeded(1).failed(0));
  }

  // snippet:strict
  @WithAgentBus(strict = true)
  static class StrictMismatch {
    @Test
    void repliesWithoutAChannel(
        @Agent("bob") AgentBusClient bob,
        @Agent(value = "alice", noChannel = true) AgentBusClient alice) {
      bob.send("alice", "ping");
      alice.pollNow();
      alice.send("bob", "pong");
      bob.pollNow();
    }
  }

  // end-snippet:strict

  @WithAgentBus(strict = true)
  static class StrictAndClean {
    @Test
    void everyMessageIsRead(
        @Agent("bob") AgentBusClient bob, @Agent("alice") AgentBusClient alice) {
      bob.send("alice", "ping");
      alice.pollNow();
      alice.send("bob", "pong");
      bob.pollNow();
    }
  }
}
