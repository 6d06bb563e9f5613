package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.protocol.BusMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * 120 tests run at the same time on one shared bus, each with the same agent names and a stray
 * agent that sends with no channel: none sees another's traffic, not even on {@code default}.
 */
class ParallelIsolationTest {

  private static final int TESTS = 120;

  @Test
  void aHundredAndTwentyConcurrentTestsOnOneBusNeverSeeEachOthersTraffic() {
    EngineExecutionResults results =
        EngineRuns.run(
            SameAgentsEverywhere.class,
            Map.of(
                "junit.jupiter.execution.parallel.enabled",
                "true",
                "junit.jupiter.execution.parallel.mode.default",
                "concurrent",
                "junit.jupiter.execution.parallel.config.strategy",
                "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism",
                String.valueOf(TESTS),
                "junit.jupiter.execution.parallel.config.fixed.max-pool-size",
                String.valueOf(TESTS + 8),
                Rendezvous.PARTIES,
                String.valueOf(TESTS)));

    assertThat(EngineRuns.failureMessages(results)).isEmpty();
    results.testEvents().assertStatistics(s -> s.started(TESTS).succeeded(TESTS));
    assertThat(EngineRuns.reported(results, "port"))
        .hasSize(TESTS)
        .containsOnly(EngineRuns.reported(results, "port").get(0));
    assertThat(EngineRuns.reported(results, "namespace")).doesNotHaveDuplicates();
  }

  /**
   * Hands every test of a run the same latch, kept in the run's root Store: the tests count down
   * and wait for each other, which proves they all run at once.
   */
  static class Rendezvous implements ParameterResolver {
    static final String PARTIES = "test.rendezvous.parties";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == CountDownLatch.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      int parties = Integer.parseInt(context.getConfigurationParameter(PARTIES).orElseThrow());
      return context
          .getRoot()
          .getStore(ExtensionContext.Namespace.create(Rendezvous.class))
          .getOrComputeIfAbsent("latch", key -> new CountDownLatch(parties), CountDownLatch.class);
    }
  }

  @WithAgentBus
  @ExtendWith(Rendezvous.class)
  @Execution(ExecutionMode.CONCURRENT)
  static class SameAgentsEverywhere {
    @RepeatedTest(TESTS)
    void exchange(
        @Agent("alice") AgentBusClient alice,
        @Agent("bob") AgentBusClient bob,
        @Agent(value = "stray", noChannel = true) AgentBusClient stray,
        AgentBus bus,
        Traffic traffic,
        CountDownLatch everyoneRunning,
        TestReporter reporter)
        throws InterruptedException {
      everyoneRunning.countDown();
      assertThat(everyoneRunning.await(60, TimeUnit.SECONDS))
          .as("all %d tests running at once", TESTS)
          .isTrue();
      String mine = bus.namespace().id();

      alice.send("bob", "hello from " + mine);
      stray.send("bob", "stray from " + mine);

      assertThat(bob.pollNow()).extracting(BusMessage::msg).containsExactly("hello from " + mine);
      List<BusMessage> onDefault = bus.client("bob", "default").pollNow();
      assertThat(onDefault).extracting(BusMessage::msg).containsExactly("stray from " + mine);
      assertThat(traffic.sent()).hasSize(2).allMatch(m -> m.msg().endsWith(" from " + mine));
      reporter.publishEntry(Map.of("port", String.valueOf(bus.url().getPort()), "namespace", mine));
    }
  }
}
