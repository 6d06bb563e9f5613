package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.BusRejectedException;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.embedded.AgentBusServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * When a test gets a fault proxy, where its agents are pointed, and when the proxy stops: one per
 * test that declares {@link BusFaults}, for its namespace alone, on an embedded or a named bus.
 */
@WithAgentBus
class FaultProxyLifecycleTest {

  @Test
  void theAgentsOfATestThatDeclaresBusFaultsLastStillGoThroughTheProxy(
      @Agent("bob") AgentBusClient bob, AgentBus bus, BusFaults faults) {
    assertThat(bus.url()).isNotEqualTo(bus.namespace().url());
    assertThat(bob.url()).isEqualTo(bus.url());
    assertThat(bus.client("carol").url()).isEqualTo(bus.url());
    assertThat(bus.environment("dave")).containsEntry("AGENT_BUS_URL", bus.url().toString());
    assertThat(bus.url().getPath()).isEqualTo(bus.namespace().url().getPath());

    faults.onRecv().next(1).status(500);

    assertThatThrownBy(bob::pollNow)
        .isInstanceOf(BusRejectedException.class)
        .hasMessageContaining("500 injected fault: status 500");
    assertThat(bob.pollNow()).isEmpty();
  }

  @Test
  void aTestWithoutBusFaultsGivesItsAgentsTheNamespaceItself(
      @Agent("bob") AgentBusClient bob, AgentBus bus) {
    assertThat(bus.url()).isEqualTo(bus.namespace().url());
    assertThat(bob.url()).isEqualTo(bus.namespace().url());
  }

  @Test
  void theProxyStopsWhenTheTestEnds() {
    EngineExecutionResults results = EngineRuns.run(ReportsItsProxy.class);

    assertThat(EngineRuns.failureMessages(results)).isEmpty();
    URI proxy = URI.create(EngineRuns.reported(results, "proxy").get(0));
    assertThatThrownBy(() -> connect(proxy)).isInstanceOf(ConnectException.class);
  }

  @Test
  void busFaultsInABeforeEachOfATestThatDoesNotDeclareItIsRefused() {
    EngineExecutionResults results = EngineRuns.run(FaultsOnlyInBeforeEach.class);

    assertThat(EngineRuns.failureMessages(results))
        .singleElement()
        .asString()
        .contains("asks for BusFaults, but the test method test() does not declare it")
        .contains("add one there");
  }

  @Test
  void faultsWorkTheSameOnABusNamedByAgentbusUrl() {
    try (AgentBusServer external = AgentBusServer.builder().start()) {
      EngineExecutionResults results =
          EngineRuns.run(FaultsOnePoll.class, Map.of("agentbus.url", external.url().toString()));

      assertThat(EngineRuns.failureMessages(results)).isEmpty();
      results.testEvents().assertStatistics(s -> s.succeeded(1));
      assertThat(EngineRuns.reported(results, "namespace"))
          .singleElement()
          .asString()
          .startsWith(external.url() + "/ns/");
    }
  }

  @Test
  void aTestRunningBesideAnotherFaultsOnlyItsOwnAgents() {
    EngineExecutionResults results =
        EngineRuns.run(
            FaultedBesideHealthy.class,
            Map.of(
                "junit.jupiter.execution.parallel.enabled",
                "true",
                "junit.jupiter.execution.parallel.mode.default",
                "concurrent",
                "junit.jupiter.execution.parallel.config.strategy",
                "fixed",
                // room for the two tests beside the class and engine tasks that wait on them
                "junit.jupiter.execution.parallel.config.fixed.parallelism",
                "6",
                "junit.jupiter.execution.parallel.config.fixed.max-pool-size",
                "10",
                ParallelIsolationTest.Rendezvous.PARTIES,
                "2"));

    assertThat(EngineRuns.failureMessages(results)).isEmpty();
    results.testEvents().assertStatistics(s -> s.succeeded(2));
    assertThat(EngineRuns.reported(results, "proxy")).doesNotHaveDuplicates();
  }

  private static void connect(URI url) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
    }
  }

  @WithAgentBus
  static class ReportsItsProxy {
    @Test
    void test(AgentBus bus, BusFaults faults, TestReporter reporter) throws IOException {
      connect(bus.url());
      reporter.publishEntry("proxy", bus.url().toString());
    }
  }

  @WithAgentBus
  static class FaultsOnlyInBeforeEach {
    @BeforeEach
    void scriptFaults(BusFaults faults) {
      faults.onAll().connectionReset();
    }

    @Test
    void test() {}
  }

  @WithAgentBus
  static class FaultsOnePoll {
    @Test
    void test(
        @Agent("alice") AgentBusClient alice,
        @Agent("bob") AgentBusClient bob,
        AgentBus bus,
        BusFaults faults,
        TestReporter reporter) {
      faults.onRecv().forAgent("bob").next(1).status(502);
      alice.send("bob", "through the fault");

      assertThatThrownBy(bob::pollNow).isInstanceOf(BusRejectedException.class);
      assertThat(bob.pollNow()).extracting(BusMessage::msg).containsExactly("through the fault");
      assertThat(faults.injected()).hasSize(1);
      assertThat(bus.traffic().transcript()).contains("WIRE FAULT bob GET /recv: status 502");
      reporter.publishEntry("namespace", bus.namespace().url().toString());
    }
  }

  /** Two tests at once: one breaks every request of its own, the other must never notice. */
  @WithAgentBus
  @ExtendWith(ParallelIsolationTest.Rendezvous.class)
  @Execution(ExecutionMode.CONCURRENT)
  static class FaultedBesideHealthy {
    @Test
    void faulted(
        @Agent("alice") AgentBusClient alice,
        @Agent("bob") AgentBusClient bob,
        AgentBus bus,
        BusFaults faults,
        CountDownLatch bothScripted,
        TestReporter reporter)
        throws InterruptedException {
      faults.onAll().status(503);
      meet(bothScripted);

      assertThatThrownBy(() -> alice.send("bob", "hello")).isInstanceOf(BusRejectedException.class);
      assertThatThrownBy(bob::pollNow).isInstanceOf(BusRejectedException.class);
      reporter.publishEntry("proxy", bus.url().toString());
    }

    @Test
    void healthy(
        @Agent("alice") AgentBusClient alice,
        @Agent("bob") AgentBusClient bob,
        AgentBus bus,
        BusFaults faults,
        CountDownLatch bothScripted,
        TestReporter reporter)
        throws InterruptedException {
      meet(bothScripted);

      for (int i = 0; i < 20; i++) {
        alice.send("bob", "hello " + i);
      }
      assertThat(bob.pollNow()).hasSize(20);
      assertThat(faults.injected()).isEmpty();
      reporter.publishEntry("proxy", bus.url().toString());
    }

    private static void meet(CountDownLatch both) throws InterruptedException {
      both.countDown();
      assertThat(both.await(60, TimeUnit.SECONDS)).as("both tests running at once").isTrue();
    }
  }
}
