package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.Listener;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** The example of docs/faults.md: an agent that survives a bad wire, as a test shows it. */
@WithAgentBus
class WireFaultsExampleTest {

  @Test
  void bobHearsEveryMessageOnceThroughTwoResetsAndA503(
      @Agent("alice") AgentBusClient alice,
      @Agent("bob") AgentBusClient bob,
      BusFaults faults,
      Traffic traffic)
      throws InterruptedException {
    // snippet:wire
    faults.onRecv().forAgent("bob").next(2).connectionReset();
    faults.onRecv().forAgent("bob").next(1).status(503);

    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    try (Listener listener = bob.listen(message -> heard.add(message.msg()))) {
      alice.send("bob", "one");
      alice.send("bob", "two");

      assertThat(take(heard, 2)).containsExactly("one", "two");
    }
    assertThat(heard).isEmpty();
    assertThat(faults.injected())
        .extracting(InjectedFault::fault)
        .containsExactly("connection reset", "connection reset", "status 503 (Retry-After: 1)");
    traffic.assertNothingUndelivered();
    // end-snippet:wire
  }

  /** The next {@code count} messages heard, each within 20 s; fewer if they do not come. */
  private static List<String> take(BlockingQueue<String> heard, int count)
      throws InterruptedException {
    return ListenerSurvivesWireFaultsTest.receive(heard, count);
  }
}
