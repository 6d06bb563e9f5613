package dev.agentbus.samples.mismatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.junit5.AgentBus;
import dev.agentbus.junit5.WithAgentBus;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A test that checks little by itself, made strict: {@code @WithAgentBus(strict = true)} fails it
 * when any message was left undelivered. The same test runs here twice through JUnit's engine test
 * kit, once with alice's channel missing and once with it configured, and this class checks how
 * each run ended. (The two runs are static nested classes, which Maven's test runs leave out: only
 * the kit runs them.)
 */
class StrictModeTest {

  @Test
  void strictModeFailsTheTestWhenAlicesChannelIsMissing() {
    EngineExecutionResults results = run(ChannelMissing.class);

    results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(0).failed(1));
    Throwable failure =
        results.testEvents().failed().stream()
            .findFirst()
            .orElseThrow()
            .getRequiredPayload(TestExecutionResult.class)
            .getThrowable()
            .orElseThrow();
    assertThat(failure)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "@WithAgentBus(strict = true) fails a test that leaves a message undelivered")
        .hasMessageContaining(
            "alice -> helpdesk \"my printer is on fire\" (channel default, none given) was never"
                + " delivered: helpdesk only polled channel aliceAsksTheHelpdesk-");
  }

  @Test
  void strictModePassesTheTestOnceAliceHasHerChannel() {
    run(ChannelConfigured.class)
        .testEvents()
        .assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
  }

  private static EngineExecutionResults run(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
  }

  /** The test as a team would write it: alice asks, and reads what comes back. */
  abstract static class AliceAsksTheHelpdesk {

    abstract AgentBusClient alice(AgentBus bus);

    @Test
    void aliceAsksTheHelpdesk(AgentBus bus) {
      try (Helpdesk helpdesk = Helpdesk.fromEnvironment(bus.environment("helpdesk"))) {
        helpdesk.start();
        bus.traffic().awaitPolling("helpdesk");

        AgentBusClient alice = alice(bus);
        alice.send("helpdesk", "my printer is on fire");
        // the ticket as soon as it comes, or nothing once the bus's long-poll ends (2 s here)
        alice.poll();
      }
    }
  }

  @WithAgentBus(strict = true, recvTimeoutMillis = 2_000)
  static class ChannelMissing extends AliceAsksTheHelpdesk {
    @Override
    AgentBusClient alice(AgentBus bus) {
      return bus.clientWithoutChannel("alice");
    }
  }

  @WithAgentBus(strict = true, recvTimeoutMillis = 2_000)
  static class ChannelConfigured extends AliceAsksTheHelpdesk {
    @Override
    AgentBusClient alice(AgentBus bus) {
      return bus.client("alice");
    }
  }
}
