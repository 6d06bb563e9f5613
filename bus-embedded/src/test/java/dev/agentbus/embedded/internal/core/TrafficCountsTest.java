package dev.agentbus.embedded.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.journal.TrafficCounts;
import dev.agentbus.embedded.options.NamespaceOptions;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exact counts a namespace keeps beside its journal, and their bounds. */
class TrafficCountsTest {

  private final MemoryBudget budget = new MemoryBudget(64L * 1024 * 1024);
  private final Bus bus =
      new Bus(
          NamespaceOptions.builder().maxQueue(1).journalLimit(100).build(),
          Clock.systemUTC(),
          new BusThreadGroup(new FatalErrors()),
          budget,
          10);
  private final Namespace namespace = bus.root();

  @AfterEach
  void close() {
    bus.close();
  }

  private void poll(String to) {
    namespace.recv(
        new RecvQuery(to, null, BigDecimal.ZERO, false, Integer.MAX_VALUE, null),
        answer -> {},
        () -> {});
  }

  @Test
  void sendsAndDeliveriesAreCountedExactlyPastTheJournalLimit() {
    for (int i = 0; i < 500; i++) {
      namespace.send("alice", "bob-" + i, "m", "c", null);
      poll("bob-" + i);
      poll("bob-" + i); // read again: still one delivery
    }

    TrafficCounts counts = namespace.counts();

    assertThat(namespace.journal().dropped()).isPositive();
    assertThat(counts.sent()).isEqualTo(500);
    assertThat(counts.delivered()).isEqualTo(500);
    assertThat(counts.droppedUndelivered()).isZero();
  }

  @Test
  void evictionIdentitiesAreBoundedAndTheRestCounted() {
    int sends = TrafficCounts.MAX_EVICTIONS + 100;
    for (int i = 0; i < sends; i++) {
      namespace.send("alice-" + i, "bob", "m", "c", null);
    }

    TrafficCounts counts = namespace.counts();

    assertThat(counts.evicted()).isEqualTo(sends - 1);
    assertThat(counts.evictions()).hasSize(TrafficCounts.MAX_EVICTIONS);
    assertThat(counts.evictionsLeftOut()).isEqualTo(99);
    assertThat(counts.evictions().get(0).from()).isEqualTo("alice-99");
    assertThat(counts.evictions().get(TrafficCounts.MAX_EVICTIONS - 1).from())
        .isEqualTo("alice-" + (sends - 2));
  }

  @Test
  void evictionIdentitiesOfLongNamesStayWithinTheirBoundInBytes() {
    String longName = "r".repeat(10_000);
    for (int i = 0; i < 200; i++) {
      namespace.send("alice", longName + i, "m", "c", null);
      namespace.send("alice", longName + i, "m", "c", null); // evicts the first
    }

    TrafficCounts counts = namespace.counts();

    long nameBytes = counts.evictions().size() * 2L * longName.length();
    assertThat(counts.evicted()).isEqualTo(200);
    assertThat(nameBytes).isLessThanOrEqualTo(TrafficCounts.MAX_EVICTION_BYTES);
    assertThat(counts.evictionsLeftOut()).isEqualTo(200 - counts.evictions().size()).isPositive();
  }

  @Test
  void aSentEntryTheJournalGivesUpWhileItsMessageIsUnreadIsCounted() {
    Bus roomy =
        new Bus(
            NamespaceOptions.builder().journalLimit(10).build(),
            Clock.systemUTC(),
            new BusThreadGroup(new FatalErrors()),
            budget,
            10);
    try {
      Namespace limited = roomy.root();
      for (int i = 0; i < 25; i++) {
        limited.send("alice", "bob-" + i, "m", "c", null);
      }

      assertThat(limited.counts().droppedUndelivered()).isEqualTo(15);
    } finally {
      roomy.close();
    }
  }

  @Test
  void refusalsAreCountedByStatusWhetherOrNotTheJournalKeepsThem() {
    for (int i = 0; i < 150; i++) {
      namespace.rejected("POST", "/send", i % 3 == 0 ? 413 : 400, "bad", Map.of());
    }

    TrafficCounts counts = namespace.counts();

    assertThat(counts.rejected()).isEqualTo(Map.of(400, 100L, 413, 50L));
    assertThat(counts.rejectedNotJournaled()).isEqualTo(50);
    assertThat(namespace.journal().entries())
        .hasSize(100)
        .allMatch(RequestRejected.class::isInstance);
  }

  @Test
  void refusalsNeverMakeTheJournalGiveUpAnAcceptedSend() {
    for (int i = 0; i < 50; i++) {
      namespace.send("alice", "bob-" + i, "m", "c", null);
    }

    for (int i = 0; i < 500; i++) {
      namespace.rejected("GET", "/recv", 401, "no token", Map.of());
    }

    List<?> sent =
        namespace.journal().entries().stream().filter(MessageSent.class::isInstance).toList();
    assertThat(sent).hasSize(50);
    assertThat(namespace.journal().dropped()).isZero();
  }

  @Test
  void theJournalHoldsAtMostAFixedNumberOfRefusalsAtOnce() {
    Bus large =
        new Bus(
            NamespaceOptions.builder().journalLimit(1_000_000).build(),
            Clock.systemUTC(),
            new BusThreadGroup(new FatalErrors()),
            budget,
            10);
    try {
      Namespace root = large.root();
      for (int i = 0; i < TrafficCounts.MAX_REJECTED_ENTRIES + 10; i++) {
        root.rejected("GET", "/recv", 400, "to is missing", Map.of());
      }

      assertThat(root.journal().entries()).hasSize(TrafficCounts.MAX_REJECTED_ENTRIES);
      assertThat(root.counts().rejectedNotJournaled()).isEqualTo(10);
    } finally {
      large.close();
    }
  }

  @Test
  void countsAndParkedPollsOfAMomentShareItsJournalPosition() {
    namespace.send("alice", "bob", "m", "c", null);

    Namespace.Moment moment = namespace.moment();

    assertThat(moment.counts().asOfSeq()).isEqualTo(moment.parked().asOfSeq());
    assertThat(moment.counts().asOfSeq()).isEqualTo(namespace.journal().nextSeq());
  }
}
