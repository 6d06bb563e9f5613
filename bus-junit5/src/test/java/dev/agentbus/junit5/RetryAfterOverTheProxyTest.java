package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.Listener;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A 429 or 503 from in front of the bus asks the client to wait ({@code Retry-After: 1}): the
 * listener's next poll waits that long, not its own shorter backoff, and then gets the message.
 */
@WithAgentBus
class RetryAfterOverTheProxyTest {

  @ParameterizedTest
  @ValueSource(ints = {429, 503})
  void theListenerPollsAgainOnlyAfterTheRetryAfterOfTheAnswer(
      int status,
      @Agent("alice") AgentBusClient alice,
      @Agent("bob") AgentBusClient bob,
      BusFaults faults)
      throws InterruptedException {
    faults.onRecv().forAgent("bob").next(1).status(status);
    alice.send("bob", "after the wait");
    BlockingQueue<String> received = new LinkedBlockingQueue<>();

    long start = System.nanoTime();
    try (Listener listener = bob.listen(message -> received.add(message.msg()), error -> {})) {
      assertThat(ListenerSurvivesWireFaultsTest.receive(received, 1))
          .containsExactly("after the wait");
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(faults.injected())
        .extracting(InjectedFault::fault)
        .containsExactly("status " + status + " (Retry-After: 1)");
    assertThat(took).isGreaterThanOrEqualTo(WireFault.RETRY_AFTER);
  }
}
