package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.protocol.BusMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@WithAgentBus
class MultiAgentScenarioTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aTokenPassedAroundFourAgentsComesBackInOrder(
      @Agent("alice") AgentBusClient alice,
      @Agent("bob") AgentBusClient bob,
      @Agent("carol") AgentBusClient carol,
      @Agent("dave") AgentBusClient dave,
      Traffic traffic) {
    forward(bob, "carol");
    forward(carol, "dave");
    forward(dave, "alice");

    alice.send("bob", "token");
    traffic.awaitSent(Sent.by("dave").to("alice"), WAIT);
    assertThat(alice.pollNow())
        .extracting(BusMessage::msg)
        .containsExactly("token via bob via carol via dave");
    traffic.assertInOrder(
        Sent.by("alice").to("bob"),
        Sent.by("bob").to("carol"),
        Sent.by("carol").to("dave"),
        Sent.by("dave").to("alice"));
    assertThat(traffic.sent()).hasSize(4);
    traffic.assertNothingUndelivered();
  }

  @Test
  void aCoordinatorSplitsWorkBetweenTwoWorkersAndCollectsEveryResult(
      @Agent("coordinator") AgentBusClient coordinator,
      @Agent("worker-1") AgentBusClient first,
      @Agent("worker-2") AgentBusClient second,
      Traffic traffic) {
    first.listen(m -> first.send("coordinator", "done " + m.msg()));
    second.listen(m -> second.send("coordinator", "done " + m.msg()));

    for (int task = 1; task <= 6; task++) {
      coordinator.send(task % 2 == 1 ? "worker-1" : "worker-2", "task " + task);
    }
    for (int task = 1; task <= 6; task++) {
      traffic.awaitSent(Sent.any().to("coordinator").containing("done task " + task), WAIT);
    }

    assertThat(coordinator.pollNow())
        .extracting(m -> m.from() + ": " + m.msg())
        .containsExactlyInAnyOrder(
            "worker-1: done task 1",
            "worker-2: done task 2",
            "worker-1: done task 3",
            "worker-2: done task 4",
            "worker-1: done task 5",
            "worker-2: done task 6");
    traffic.assertThat(Sent.by("coordinator").to("worker-1")).times(3).wasDelivered();
    traffic.assertThat(Sent.by("worker-2").to("coordinator")).times(3).wasDelivered();
    traffic.assertNothingUndelivered();
    traffic.assertNoRejectedRequest();
  }

  @Test
  void anAgentOnAnotherChannelHearsNothingOfTheTestChannel(
      @Agent("alice") AgentBusClient alice,
      @Agent(value = "bob", channel = "side") AgentBusClient bobOnSide,
      @Agent("bob") AgentBusClient bob,
      AgentBus bus) {
    alice.send("bob", "on the test channel");

    assertThat(bobOnSide.pollNow()).isEmpty();
    List<BusMessage> heard = bob.pollNow();
    assertThat(heard).extracting(BusMessage::msg).containsExactly("on the test channel");
    assertThat(heard).extracting(BusMessage::channel).containsExactly(bus.channel());
  }

  @Test
  void anAgentJoiningLateStillReceivesWhatWasSentBeforeIt(
      @Agent("alice") AgentBusClient alice, AgentBus bus) {
    alice.send("bob", "sent before bob existed");

    AgentBusClient bob = bus.client("bob");
    assertThat(bob.pollNow())
        .extracting(BusMessage::msg)
        .containsExactly("sent before bob existed");
  }

  private static void forward(AgentBusClient agent, String next) {
    agent.listen(m -> agent.send(next, m.msg() + " via " + agent.name()));
  }
}
