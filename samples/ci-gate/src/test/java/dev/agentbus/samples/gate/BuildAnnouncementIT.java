package dev.agentbus.samples.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.protocol.SendAck;
import dev.agentbus.junit5.Agent;
import dev.agentbus.junit5.AgentBus;
import dev.agentbus.junit5.Traffic;
import dev.agentbus.junit5.WithAgentBus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CI step announces a finished build to the notifier, takes whatever acknowledgements come
 * within the bus's long-poll, and goes on. Like many tests, this one checks the sender's side only;
 * {@code bus:verify} then checks, for every test of the build, that each message reached its
 * recipient.
 *
 * <p>Run by failsafe with {@code agentbus.url} from {@code bus:start}: each test gets a namespace
 * of its own on that one bus, and {@code bus:stop} keeps what crossed it in {@code
 * target/agent-bus/}.
 */
@WithAgentBus(recvTimeoutMillis = 2_000)
class BuildAnnouncementIT {

  @Test
  void theCiStepAnnouncesTheBuildOnTheAgreedChannel(
      @Agent("ci") AgentBusClient ci, AgentBus bus, Traffic traffic) {
    try (Notifier notifier = Notifier.fromEnvironment(deployment(bus))) {
      notifier.start();
      traffic.awaitPolling("notifier", null, Traffic.DEFAULT_TIMEOUT); // on whichever channel

      SendAck announced = ci.send("notifier", "build 42 finished");
      ci.poll(); // the acknowledgement, or nothing after the long-poll: the step goes on either way

      assertThat(announced.channel()).isEqualTo(bus.channel());
    }
  }

  /** The notifier's environment as the deployment gives it: -Dbroken loses its channel. */
  private static Map<String, String> deployment(AgentBus bus) {
    Map<String, String> environment = bus.environment("notifier");
    if ("channel-missing".equals(System.getProperty("notifier.deployment"))) {
      environment.remove("AGENT_BUS_CHANNEL");
    }
    return environment;
  }
}
