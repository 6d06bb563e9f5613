package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.BusUnreachableException;
import dev.agentbus.embedded.faults.RestartQueues;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Where no fault is scripted, the proxy in front of a test's namespace is invisible: the bus sees
 * each agent as it is, and what the bus does to a connection reaches the agent as it would without
 * the proxy.
 */
class ProxyTransparencyTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  @WithAgentBus(waf = true)
  void anAgentBehindTheProxyKeepsItsOwnUserAgentSoTheFirewallEmulationLetsItThrough(
      @Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob, BusFaults faults) {
    alice.send("bob", "through the firewall");

    assertThat(bob.pollNow()).hasSize(1);
    assertThat(faults.injected()).isEmpty();
  }

  @Test
  @WithAgentBus
  void aRestartBreaksTheConnectionOfAPollParkedBehindTheProxyAsItWouldWithoutIt(
      @Agent("bob") AgentBusClient bob, AgentBus bus, BusFaults faults) throws Exception {
    CompletableFuture<?> parked =
        CompletableFuture.runAsync(() -> bob.recv(BigDecimal.ZERO, true, 10));
    assertThat(bus.namespace().awaitParkedPolls(1, WAIT)).isTrue();

    faults.inBus().restart(RestartQueues.KEPT, Duration.ofMillis(200));

    assertThat(parked)
        .failsWithin(WAIT.toSeconds(), TimeUnit.SECONDS)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(BusUnreachableException.class);
    assertThat(faults.injected()).isEmpty();
  }
}
