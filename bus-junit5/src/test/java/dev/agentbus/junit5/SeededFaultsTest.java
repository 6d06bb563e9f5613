package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.BusRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * {@code withProbability(p, seed)} picks the same requests run after run, so that a failure found
 * with a seed reproduces; another seed picks others.
 */
class SeededFaultsTest {

  private static final int SENDS = 40;

  @Test
  void twoRunsWithTheSameSeedFaultTheSameSendsAndAnotherSeedFaultsOthers() {
    String first = faultedSends(42);
    String second = faultedSends(42);
    String otherSeed = faultedSends(7);

    assertThat(first).isNotBlank().isEqualTo(second).isNotEqualTo(otherSeed);
    assertThat(first.split(",")).hasSizeBetween(2, SENDS - 2);
  }

  /** Runs {@link SendsThroughSeededFaults} once; returns the numbers of the sends it saw fail. */
  private static String faultedSends(long seed) {
    EngineExecutionResults results =
        EngineRuns.run(SendsThroughSeededFaults.class, Map.of("test.seed", Long.toString(seed)));
    assertThat(EngineRuns.failureMessages(results)).isEmpty();
    return EngineRuns.reported(results, "faulted").get(0);
  }

  /**
   * The seed of a run, from its configuration parameter {@code test.seed}.
   *
   * @param value the seed
   */
  record Seed(long value) {}

  static class SeedFromConfiguration implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == Seed.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return new Seed(Long.parseLong(context.getConfigurationParameter("test.seed").orElseThrow()));
    }
  }

  @WithAgentBus
  @ExtendWith(SeedFromConfiguration.class)
  static class SendsThroughSeededFaults {
    @Test
    void send(
        @Agent("alice") AgentBusClient alice, BusFaults faults, Seed seed, TestReporter reporter) {
      faults.onSend().forAgent("alice").withProbability(0.3, seed.value()).status(503);
      List<String> faulted = new ArrayList<>();
      for (int i = 1; i <= SENDS; i++) {
        try {
          alice.send("bob", "message " + i);
        } catch (BusRejectedException e) {
          assertThat(e.status()).isEqualTo(503);
          faulted.add(Integer.toString(i));
        }
      }
      assertThat(faults.injected()).hasSameSizeAs(faulted);
      reporter.publishEntry("faulted", String.join(",", faulted));
    }
  }
}
