package dev.agentbus.embedded.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.embedded.journal.MessageEvicted;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.options.NamespaceOptions;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bus keeps what clients send within one budget in bytes, and says so when it cannot. */
class MemoryBudgetTest {

  private static final long BUDGET = 2_000_000;
  private static final String BODY = "x".repeat(20_000); // about 40 KB each, counted generously

  private final MemoryBudget budget = new MemoryBudget(BUDGET);
  private final Bus bus =
      new Bus(
          NamespaceOptions.defaults(),
          Clock.systemUTC(),
          new BusThreadGroup(new FatalErrors()),
          budget,
          3);

  @AfterEach
  void close() {
    bus.close();
  }

  @Test
  void aFloodToDistinctRecipientsStaysWithinTheNamespacesShare() {
    Namespace flooded = bus.namespaceForRequest("flood");

    for (int i = 0; i < 500; i++) {
      flooded.send("alice", "bob-" + i, BODY, "c", null);
    }

    assertThat(budget.used()).isLessThanOrEqualTo(budget.namespaceShare());
    assertThat(budget.used()).isGreaterThan(budget.namespaceShare() / 2);
  }

  @Test
  void theJournalGivesUpItsOldestEntriesFirstThenTheOldestQueuedMessages() {
    Namespace flooded = bus.namespaceForRequest("flood");

    for (int i = 0; i < 500; i++) {
      flooded.send("alice", "bob-" + i, BODY, "c", null);
    }

    assertThat(flooded.journal().dropped()).isPositive();
    assertThat(flooded.journal().entries()).anyMatch(MessageEvicted.class::isInstance);
    assertThat(flooded.inbox().get("c")).doesNotContainKey("bob-0").containsKey("bob-499");
  }

  @Test
  void theNewestMessageIsAlwaysKeptWhenTheSenderCanMakeRoom() {
    Namespace flooded = bus.namespaceForRequest("flood");

    for (int i = 0; i < 500; i++) {
      flooded.send("alice", "bob", BODY + i, "c", null);
    }

    assertThat(flooded.journal().entries())
        .filteredOn(MessageSent.class::isInstance)
        .last()
        .satisfies(last -> assertThat(((MessageSent) last).msg()).endsWith("499"));
  }

  @Test
  void aSendIsRefusedOnlyWhenOtherNamespacesHoldTheBudget() {
    bus.namespaceForRequest("a");
    bus.namespaceForRequest("b");
    for (int i = 0; i < 200; i++) {
      bus.namespaceForRequest("a").send("x", "y" + i, BODY, "c", null);
      bus.namespaceForRequest("b").send("x", "y" + i, BODY, "c", null);
    }
    Namespace late = bus.namespaceForRequest("late");

    assertThatThrownBy(() -> late.send("x", "y", BODY, "c", null))
        .isInstanceOf(BudgetExhaustedException.class)
        .hasMessageContaining("memory budget (2000000 bytes) is held by other namespaces");
    assertThat(late.journal().entries()).isEmpty();
  }

  @Test
  void droppingANamespaceGivesBackWhatItHeld() {
    Namespace namespace = bus.namespaceForRequest("t-1");
    for (int i = 0; i < 10; i++) {
      namespace.send("alice", "bob", BODY, "c", null);
    }
    long held = budget.used();

    bus.dropNamespace("t-1");

    assertThat(held).isGreaterThan(400_000);
    assertThat(budget.used()).isZero();
  }

  @Test
  void aMessageThatCouldNeverFitEvictsNothing() {
    Namespace namespace = bus.namespaceForRequest("t-1");
    namespace.send("alice", "bob", "hi", "c", null);
    int entries = namespace.journal().entries().size();

    assertThatThrownBy(
            () -> namespace.send("alice", "bob", "x".repeat((int) (BUDGET / 2)), "c", null))
        .isInstanceOf(BudgetExhaustedException.class);

    assertThat(namespace.inbox().get("c").get("bob")).isEqualTo(1);
    assertThat(namespace.journal().entries()).hasSize(entries);
    assertThat(namespace.journal().dropped()).isZero();
  }

  @Test
  void aSendThatOtherNamespacesLeaveNoRoomForEvictsNothingOfItsOwn() {
    for (int i = 0; i < 200; i++) {
      bus.namespaceForRequest("a").send("x", "y" + i, BODY, "c", null);
      bus.namespaceForRequest("b").send("x", "y" + i, BODY, "c", null);
    }
    Namespace small = bus.namespaceForRequest("small");
    small.send("alice", "bob", "hi", "c", null);

    assertThatThrownBy(() -> small.send("alice", "bob", BODY + BODY, "c", null))
        .isInstanceOf(BudgetExhaustedException.class);

    assertThat(small.inbox().get("c").get("bob")).isEqualTo(1);
    assertThat(small.journal().dropped()).isZero();
  }

  @Test
  void aMessageLargerThanANamespacesShareIsRefusedSayingSo() {
    Namespace namespace = bus.namespaceForRequest("t-1");
    String huge = "x".repeat((int) (BUDGET / 2));

    assertThatThrownBy(() -> namespace.send("alice", "bob", huge, "c", null))
        .isInstanceOf(BudgetExhaustedException.class)
        .hasMessageContaining("more than a namespace's share");
  }

  @Test
  void creatingANamespacePastTheBoundIsRefused() {
    bus.namespaceForRequest("a");
    bus.createNamespace("b", NamespaceOptions.defaults());
    bus.namespaceForRequest("c");

    assertThatThrownBy(() -> bus.namespaceForRequest("d"))
        .isInstanceOf(TooManyNamespacesException.class)
        .hasMessageContaining("already has 3 namespaces");
    bus.dropNamespace("a");
    assertThat(bus.namespaceForRequest("d").id()).isEqualTo("d");
  }
}
