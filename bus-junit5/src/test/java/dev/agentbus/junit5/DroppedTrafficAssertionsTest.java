package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.embedded.journal.MessageEvicted;
import org.junit.jupiter.api.Test;

/**
 * Assertions judge what the journal gave up too: bob's queue holds one message and the journal two
 * entries, so of three messages to bob two are evicted unread and their entries dropped, while the
 * journal shows only the third, delivered.
 */
@WithAgentBus(maxQueue = 1, journalLimit = 2)
class DroppedTrafficAssertionsTest {

  private static void sendThreeAndReadTheLast(AgentBusClient alice, AgentBusClient bob) {
    for (int i = 1; i <= 3; i++) {
      alice.send("bob", "message " + i);
    }
    assertThat(bob.pollNow()).hasSize(1);
  }

  @Test
  void assertNothingUndeliveredFailsOnEvictionsWhoseEntriesTheJournalDropped(
      @Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob, Traffic traffic) {
    sendThreeAndReadTheLast(alice, bob);

    assertThatThrownBy(traffic::assertNothingUndelivered)
        .hasMessageStartingWith(
            "Expected every message delivered, but 2 of 3 were not:\n"
                + "  and 2 that the journal no longer holds (2 evicted, 0 unread)");
  }

  @Test
  void evictionsListsThoseWhoseEntriesTheJournalDropped(
      @Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob, Traffic traffic) {
    sendThreeAndReadTheLast(alice, bob);

    assertThat(traffic.evictions())
        .hasSize(2)
        .allSatisfy(
            evicted -> {
              assertThat(evicted.to()).isEqualTo("bob");
              assertThat(evicted.cause()).isEqualTo(MessageEvicted.Cause.QUEUE_FULL);
            });
  }
}
