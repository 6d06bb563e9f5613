package dev.agentbus.embedded.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.journal.MessageEvicted;
import dev.agentbus.embedded.journal.TrafficCounts;
import dev.agentbus.embedded.remote.RemoteAgentBus;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.RunningBus;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A message the bus answered 200 is, for as long as the bus runs, either still readable or counted
 * as evicted: the memory budget makes room by dropping the journal's oldest entries, eviction
 * records included, so evictions are counted and their identities kept outside the journal.
 */
class EvictionRecordTest {

  private static final int SENDS = 400;
  private static final String BODY = "x".repeat(5_000);

  @RegisterExtension
  final RunningBus bus = RunningBus.configured(builder -> builder.memoryBudget(2_000_000));

  /** Sends 400 bodies of 5 KB to distinct recipients, never read: the budget must evict. */
  private void flood() {
    for (int i = 0; i < SENDS; i++) {
      assertThat(bus.http().send("alice", "bob-" + i, BODY, "c").status()).isEqualTo(200);
    }
  }

  /** The recipients that can still read their message. */
  private Set<String> readable() {
    Set<String> recipients = new HashSet<>();
    JsonNode channel = bus.http().get("/inbox").json().path("recipients").path("c");
    for (Iterator<String> names = channel.fieldNames(); names.hasNext(); ) {
      recipients.add(names.next());
    }
    return recipients;
  }

  @Test
  void everyMessageAnswered200IsStillQueuedOrCountedLostToEvictionInTheTranscript() {
    flood();
    int queued = readable().size();

    String transcript = bus.server().root().transcript();

    assertThat(queued).isBetween(1, SENDS - 1);
    assertThat(transcript)
        .contains(SENDS + " messages")
        .contains("lost (evicted " + (SENDS - queued));
  }

  @Test
  void anEvictionWhoseJournalEntriesWereDroppedIsStillReportedLostWithTheReasonEvicted() {
    flood();
    Set<String> queued = readable();

    TrafficReport report = bus.server().root().traffic();

    assertThat(bus.server().root().journal().dropped()).isPositive();
    assertThat(report.evictedTotal()).isEqualTo(SENDS - queued.size());
    assertThat(report.evictedOutOfJournal())
        .isNotEmpty()
        .allSatisfy(
            evicted -> {
              assertThat(queued).doesNotContain(evicted.to());
              assertThat(evicted.cause()).isEqualTo(MessageEvicted.Cause.MEMORY_BUDGET);
              assertThat(TrafficAnalysis.diagnosis(evicted))
                  .contains("alice -> " + evicted.to())
                  .contains("to make room in the bus's memory budget");
            });
  }

  @Test
  void theTranscriptListsEvictedMessagesWhoseSendsTheJournalGaveUp() {
    flood();
    MessageEvicted oldestKept = bus.server().root().counts().evictions().get(0);

    String transcript = bus.server().root().transcript();

    assertThat(transcript.lines())
        .filteredOn(line -> line.contains("alice -> " + oldestKept.to() + " "))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("[c]  (body not shown)")
                    .contains("NOT DELIVERED: it was evicted from " + oldestKept.to()));
  }

  @Test
  void aReportReadOverHttpCountsTheSameLossesAsTheBusItself() {
    flood();
    TrafficReport here = bus.server().root().traffic();

    BusNamespace remote = RemoteAgentBus.connect(bus.server().url()).root();
    TrafficReport there = remote.traffic();

    assertThat(there.trafficCounts()).isEqualTo(here.trafficCounts());
    assertThat(there.lostTotal()).isEqualTo(here.lostTotal()).isPositive();
    assertThat(there.evictedOutOfJournal()).isEqualTo(here.evictedOutOfJournal());
  }

  @Test
  void theTrafficPageOverHttpKeepsItsFieldsAndAddsTheCounts() {
    flood();

    JsonNode page = bus.http().get("/_bus/traffic").json();

    assertThat(page.has("messages")).isTrue();
    assertThat(page.has("droppedEntries")).isTrue();
    assertThat(page.path("counts").path("sent").asLong()).isEqualTo(SENDS);
    assertThat(page.path("counts").path("evicted").asLong()).isEqualTo(SENDS - readable().size());
  }

  @Test
  void aMessageEvictedAfterAPollReturnedItIsNotLost() {
    try (AgentBusServer small = AgentBusServer.builder().maxQueue(2).start()) {
      BusHttp bob = new BusHttp(small.url());
      for (int i = 0; i < 5; i++) {
        bob.send("alice", "bob", "m" + i, "c");
        assertThat(bob.get("/recv?to=bob&channel=c&since=0").status()).isEqualTo(200);
      }

      TrafficReport report = small.root().traffic();

      TrafficCounts counts = report.trafficCounts();
      assertThat(counts.evictedAfterDelivery()).isEqualTo(3);
      assertThat(counts.evicted()).isZero();
      assertThat(report.lostTotal()).isZero();
    }
  }

  @Test
  void aMessageEvictedFromAFullQueueUnreadIsLostSayingTheQueueWasFull() {
    try (AgentBusServer small = AgentBusServer.builder().maxQueue(2).start()) {
      BusHttp alice = new BusHttp(small.url());
      for (int i = 0; i < 3; i++) {
        alice.send("alice", "bob", "m" + i, "c");
      }

      TrafficReport report = small.root().traffic();

      assertThat(report.lost())
          .filteredOn(lost -> lost.status() == DeliveryStatus.EVICTED)
          .singleElement()
          .satisfies(
              lost ->
                  assertThat(lost.diagnosis())
                      .endsWith("it was evicted from bob's full queue first"));
      assertThat(report.trafficCounts().rejected()).isEqualTo(Map.of());
    }
  }
}
