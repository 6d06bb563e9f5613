package dev.agentbus.samples.survive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.protocol.BusMessage;
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
 * behind a network that breaks: every deposit is booked once, in order, whatever the wire does.
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
      for (int i = 1; i <= DEPOSITS; i++) {
        teller.send("ledger", "DEPOSIT d" + i + " " + i);
      }
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

  private static List<String> ids() {
    return IntStream.rangeClosed(1, DEPOSITS).mapToObj(i -> "d" + i).toList();
  }

  private static List<String> replies(AgentBusClient teller) {
    List<String> replies = new ArrayList<>();
    teller.pollNow().stream().map(BusMessage::msg).forEach(replies::add);
    return replies;
  }
}
