package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.Listener;
import dev.agentbus.client.protocol.BusMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Java client's listen loop behind a proxy that breaks its polls: whatever the fault, once the
 * wire is healthy again every message the bus kept arrives once, in order.
 */
@WithAgentBus
class ListenerSurvivesWireFaultsTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int MESSAGES = 5;

  /** Each wire fault a rule can inject, as a test names it. */
  enum Fault {
    CONNECTION_RESET(WireRule::connectionReset),
    EMPTY_RESPONSE(WireRule::emptyResponse),
    MALFORMED_RESPONSE(WireRule::malformedResponse),
    RANDOM_DATA_THEN_CLOSE(WireRule::randomDataThenClose),
    DELAY(rule -> rule.delay(Duration.ofMillis(300))),
    DRIBBLE(rule -> rule.dribble(Duration.ofMillis(300))),
    STATUS_500(rule -> rule.status(500)),
    STATUS_502(rule -> rule.status(502)),
    STATUS_503(rule -> rule.status(503)),
    STATUS_429(rule -> rule.status(429)),
    FIREWALL_BLOCK(WireRule::firewallBlock);

    final Consumer<WireRule> inject;

    Fault(Consumer<WireRule> inject) {
      this.inject = inject;
    }
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void theListenerGetsEveryMessageOnceInOrderAfterTwoFaultedPolls(
      Fault fault,
      @Agent("alice") AgentBusClient alice,
      @Agent("bob") AgentBusClient bob,
      BusFaults faults)
      throws InterruptedException {
    fault.inject.accept(faults.onRecv().forAgent("bob").next(2));
    List<String> sent = new ArrayList<>();
    for (int i = 1; i <= MESSAGES; i++) {
      alice.send("bob", "message " + i);
      sent.add("message " + i);
    }
    BlockingQueue<String> received = new LinkedBlockingQueue<>();

    try (Listener listener = bob.listen(message -> received.add(message.msg()), error -> {})) {
      assertThat(receive(received, MESSAGES)).containsExactlyElementsOf(sent);
      assertThat(listener.isRunning()).isTrue();
    }
    assertThat(received).as("nothing repeated after the last message").isEmpty();
    switch (fault) {
      // bob's Mozilla/5.0 passes the firewall
      case FIREWALL_BLOCK -> assertThat(faults.injected()).isEmpty();
      // a slowed poll still brings every message: the second fault may never come
      case DELAY, DRIBBLE -> assertThat(faults.injected()).isNotEmpty();
      default -> assertThat(faults.injected()).hasSize(2);
    }
    assertThat(faults.injected()).allMatch(f -> f.agent().equals("bob"));
    assertThat(bob.listenerFailures()).isEmpty();
  }

  /** Takes {@code count} messages, each within {@link #WAIT}; fewer if they do not come. */
  static List<String> receive(BlockingQueue<String> queue, int count) throws InterruptedException {
    List<String> taken = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String next = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (next == null) {
        break;
      }
      taken.add(next);
    }
    return taken;
  }

  static List<String> bodies(List<BusMessage> messages) {
    return messages.stream().map(BusMessage::msg).toList();
  }
}
