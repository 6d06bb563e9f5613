package dev.agentbus.samples.survive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.embedded.faults.RestartQueues;
import dev.agentbus.junit5.Agent;
import dev.agentbus.junit5.AgentBus;
import dev.agentbus.junit5.BusFaults;
import dev.agentbus.junit5.Sent;
import dev.agentbus.junit5.Traffic;
import dev.agentbus.junit5.WithAgentBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The ledger as it runs in production, built from the environment its deployment would give it,
 * behind a network that breaks and a bus that restarts: every deposit is booked once, in order.
 */
@WithAgentBus
class LedgerSurvivesFaultsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int DEPOSITS = 10;

  @Test
  void everyDepositIsBookedOnceThoughEveryOtherPollOfTheLedgerIsReset(
      @Agent("teller") AgentBusClient teller, AgentBus bus, Traffic traffic, BusFaults faults) {
    faults.onRecv().forAgent("ledger").every(2).connectionReset();

    try (Ledger ledger = Ledger.fromEnvironment(bus.environment("ledger"))) {
      ledger.start();
      deposit(teller, 1, DEPOSITS);
      traffic.awaitSent(Sent.by("ledger").to("teller").containing("after d" + DEPOSITS), WAIT);

      assertThat(ledger.deposits()).containsExactlyElementsOf(ids());
      assertThat(ledger.failures()).isEmpty();
    }
    assertThat(faults.injected()).isNotEmpty();
    assertThat(replies(teller)).endsWith("BALANCE 55 after d10").hasSize(DEPOSITS);
    for (String id : ids()) {
      traffic
          .assertThat(Sent.by("teller").to("ledger").containing(id + " "))
          .wasDelivered()
          .exactlyOnce();
    }
  }

  @Test
  void everyDepositIsBookedOnceThoughTheBusRestartsAndAPollIsReset(
      @Agent("teller") AgentBusClient teller, AgentBus bus, Traffic traffic, BusFaults faults) {
    try (Ledger ledger = Ledger.fromEnvironment(bus.environment("ledger"))) {
      ledger.start();
      traffic.awaitPolling("ledger");
      deposit(teller, 1, 5);
      traffic.awaitSent(Sent.by("ledger").to("teller").containing("after d5"), WAIT);

      // the bus goes down with the ledger's poll parked in it, and comes back with its queues
      faults.inBus().restart(RestartQueues.KEPT, Duration.ofMillis(300));
      faults.onRecv().forAgent("ledger").next(1).connectionReset();
      traffic.awaitPolling("ledger"); // it is back, and the ledger listens again
      deposit(teller, 6, DEPOSITS);
      traffic.awaitSent(Sent.by("ledger").to("teller").containing("after d" + DEPOSITS), WAIT);

      // a ledger that lost its place would have booked d1 to d5 again from the kept queue
      assertThat(ledger.deposits()).containsExactlyElementsOf(ids());
      assertThat(ledger.failures()).isEmpty();
    }
    assertThat(replies(teller)).endsWith("BALANCE 55 after d10").hasSize(DEPOSITS);
    assertThat(traffic.transcript())
        .contains("RESTARTED the namespace, queues kept")
        .contains("WIRE FAULT ledger GET /recv");
  }

  private static void deposit(AgentBusClient teller, int first, int last) {
    for (int i = first; i <= last; i++) {
      teller.send("ledger", "DEPOSIT d" + i + " " + i);
    }
  }

  private static List<String> ids() {
    return IntStream.rangeClosed(1, DEPOSITS).mapToObj(i -> "d" + i).toList();
  }

  private static List<String> replies(AgentBusClient teller) {
    List<String> replies = new ArrayList<>();
    teller.pollNow().stream().map(BusMessage::msg).forEach(replies::add);
    return replies;
  }
}
