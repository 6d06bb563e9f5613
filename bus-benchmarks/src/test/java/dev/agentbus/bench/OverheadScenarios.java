package dev.agentbus.bench;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.junit5.Agent;
import dev.agentbus.junit5.WithAgentBus;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.TestInstance;

/**
 * The kinds of test the benchmark times, each repeated {@value #REPETITIONS} times: nothing; two
 * injected agents that send nothing (the extension's own work); two injected agents exchanging one
 * message; the same exchange by two plain clients on a bus that runs already (the exchange's own
 * cost); and the same exchange on a bus the test starts itself. Not run by the build's test phase
 * (no class name ends in Test).
 */
final class OverheadScenarios {

  static final int REPETITIONS = 1_000;

  private OverheadScenarios() {}

  static class EmptyTests {
    @RepeatedTest(REPETITIONS)
    void test() {}
  }

  @WithAgentBus
  static class InjectedAgentTests {
    @RepeatedTest(REPETITIONS)
    void test(@Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob) {
      exchange(alice, bob);
    }
  }

  /** The extension's own work: a namespace, two injected agents, no request. */
  @WithAgentBus
  static class InjectedIdleAgentTests {
    @RepeatedTest(REPETITIONS)
    void test(@Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob) {
      if (alice == bob) {
        throw new AssertionError("alice and bob are one client");
      }
    }
  }

  /**
   * The exchange alone: two plain clients on a bus already running, on the HTTP client that every
   * client built without one shares, as a user's clients would be.
   */
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class PlainClientTests {
    private AgentBusServer server;
    private int test;

    @BeforeAll
    void start() {
      server = AgentBusServer.builder().start();
    }

    @AfterAll
    void stop() {
      server.close();
    }

    @RepeatedTest(REPETITIONS)
    void test() {
      exchangeByPlainClients(server.namespaceUrl("plain-" + ++test));
    }
  }

  static class OwnBusTests {
    @RepeatedTest(REPETITIONS)
    void test() {
      try (AgentBusServer server = AgentBusServer.builder().start()) {
        exchangeByPlainClients(server.url());
      }
    }
  }

  /** Two plain clients on {@code url}: alice sends bob one message, which bob polls at once. */
  private static void exchangeByPlainClients(URI url) {
    try (AgentBusClient alice =
            AgentBusClient.builder().url(url).name("alice").channel("c").build();
        AgentBusClient bob =
            AgentBusClient.builder()
                .url(url)
                .name("bob")
                .channel("c")
                .startFromBeginning()
                .build()) {
      exchange(alice, bob);
    }
  }

  /** Alice sends bob one message, which bob polls at once. */
  static void exchange(AgentBusClient alice, AgentBusClient bob) {
    alice.send("bob", "ping");
    if (bob.pollNow().size() != 1) {
      throw new AssertionError("bob did not get alice's message");
    }
  }
}
