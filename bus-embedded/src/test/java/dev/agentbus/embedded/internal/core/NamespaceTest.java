package dev.agentbus.embedded.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.client.protocol.Timestamps;
import dev.agentbus.embedded.journal.MessageEvicted;
import dev.agentbus.embedded.journal.ParkedPoll;
import dev.agentbus.embedded.journal.ParkedPolls;
import dev.agentbus.embedded.options.NamespaceOptions;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bus core, without sockets. */
class NamespaceTest {

  private final Bus bus =
      new Bus(
          NamespaceOptions.builder().maxQueue(3).journalLimit(1_000).build(), Clock.systemUTC());
  private final Namespace namespace = bus.root();

  @AfterEach
  void close() {
    bus.close();
  }

  @Test
  void everyMessageAcceptedAfterAnAnswerHasALargerTsThanItsNow() {
    RecvOutcome answer = poll("bob", BigDecimal.ZERO, 100);

    StoredMessage later = namespace.send("alice", "bob", "x", null, null);

    assertThat(later.ts()).isGreaterThan(answer.now());
  }

  @Test
  void anAnswerCutAtMaxHasNowAtItsLastMessage() {
    for (int i = 0; i < 3; i++) {
      namespace.send("alice", "bob", "m" + i, null, null);
    }

    RecvOutcome cut = poll("bob", BigDecimal.ZERO, 2);

    assertThat(cut.messages()).hasSize(2);
    assertThat(cut.now()).isEqualTo(cut.messages().get(1).ts());
  }

  @Test
  void aFullQueueEvictsItsOldestMessageAndJournalsIt() {
    List<StoredMessage> sent = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sent.add(namespace.send("alice", "bob", "m" + i, "c", null));
    }

    assertThat(poll("bob", BigDecimal.ZERO, 100).messages())
        .extracting(StoredMessage::msg)
        .containsExactly("m1", "m2", "m3");
    MessageEvicted evicted =
        namespace.journal().entries().stream()
            .filter(MessageEvicted.class::isInstance)
            .map(MessageEvicted.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(evicted.ts()).isEqualTo(Timestamps.fromMicros(sent.get(0).ts()));
    assertThat(evicted.to()).isEqualTo("bob");
  }

  @Test
  void queuesAreBoundedPerChannelAndRecipient() {
    for (int i = 0; i < 3; i++) {
      namespace.send("alice", "bob", "c" + i, "c", null);
      namespace.send("alice", "bob", "d" + i, "d", null);
      namespace.send("alice", "carol", "e" + i, "c", null);
    }

    assertThat(namespace.inbox()).containsEntry("c", java.util.Map.of("bob", 3, "carol", 3));
    assertThat(namespace.journal().entries()).noneMatch(MessageEvicted.class::isInstance);
  }

  @Test
  void aParkedPollIsAnsweredByTheFirstMatchingSend() {
    AtomicReference<RecvOutcome> answered = new AtomicReference<>();
    namespace.recv(
        new RecvQuery("bob", "c", BigDecimal.ZERO, true, 100, null), answered::set, () -> {});

    namespace.send("alice", "bob", "other channel", "d", null);
    assertThat(answered.get()).isNull();
    namespace.send("alice", "bob", "right channel", "c", null);

    assertThat(answered.get().messages())
        .extracting(StoredMessage::msg)
        .containsExactly("right channel");
    assertThat(namespace.parkedPolls()).isZero();
  }

  @Test
  void aParkedPollWhoseClientLeftIsForgottenAndNeverAnswered() {
    AtomicReference<RecvOutcome> answered = new AtomicReference<>();
    PollHandle handle =
        namespace.recv(
            new RecvQuery("bob", null, BigDecimal.ZERO, true, 100, null), answered::set, () -> {});

    handle.clientGone();
    namespace.send("alice", "bob", "too late", null, null);

    assertThat(answered.get()).isNull();
    assertThat(namespace.parkedPolls()).isZero();
  }

  @Test
  void stoppingAnswersEveryParkedPoll() {
    List<RecvOutcome> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      namespace.recv(
          new RecvQuery("r" + i, null, BigDecimal.ZERO, true, 100, null), answers::add, () -> {});
    }

    namespace.stop();

    assertThat(answers).hasSize(5);
    assertThat(namespace.parkedPolls()).isZero();
  }

  @Test
  void aBlockingRecvOnAStoppedNamespaceAnswersAtOnce() {
    namespace.stop();
    AtomicReference<RecvOutcome> answered = new AtomicReference<>();

    namespace.recv(
        new RecvQuery("bob", null, BigDecimal.ZERO, true, 100, null), answered::set, () -> {});

    assertThat(answered.get()).isNotNull();
    assertThat(namespace.parkedPolls()).isZero();
  }

  @Test
  void theParkedPollsOfOneRecipientOnOneChannelAreListedOnceWithTheirCountAndSmallestCursor() {
    namespace.recv(
        new RecvQuery("bob", "c-7", new BigDecimal("5"), true, 100, null), a -> {}, () -> {});
    namespace.recv(
        new RecvQuery("bob", "c-7", new BigDecimal("2"), true, 100, null), a -> {}, () -> {});
    namespace.recv(new RecvQuery("bob", null, BigDecimal.ZERO, true, 100, null), a -> {}, () -> {});

    ParkedPolls parked = namespace.parkedNow();

    assertThat(parked.polls())
        .extracting(ParkedPoll::to, ParkedPoll::channel, ParkedPoll::since, ParkedPoll::count)
        .containsExactlyInAnyOrder(
            tuple("bob", "c-7", new BigDecimal("2"), 2), tuple("bob", null, BigDecimal.ZERO, 1));
    assertThat(parked.total()).isEqualTo(3);
    assertThat(parked.leftOut()).isZero();
  }

  @Test
  void theParkedPollListingStaysWithinItsBytesAndCountsWhatItLeavesOut() {
    String longName = "n".repeat(16_384);
    int polls = 80;
    for (int i = 0; i < polls; i++) {
      namespace.recv(
          new RecvQuery(longName + i, longName, BigDecimal.ZERO, true, 100, null),
          a -> {},
          () -> {});
    }

    ParkedPolls parked = namespace.parkedNow();

    assertThat(parked.polls()).isNotEmpty();
    assertThat(parked.leftOut()).isPositive();
    assertThat(parked.polls().size() + parked.leftOut()).isEqualTo(polls);
    assertThat(ProtocolJson.write(parked).length)
        .isLessThanOrEqualTo(ParkedPolls.MAX_LISTED_BYTES + 1024);
  }

  @Test
  void aSnapshotNamesTheJournalPositionItWasTakenAtAndItsVersionChangesWithEveryPark() {
    namespace.send("alice", "bob", "before", "c", null);
    ParkedPolls before = namespace.parkedNow();

    namespace.recv(
        new RecvQuery("bob", "c-7", BigDecimal.ZERO, true, 100, null), a -> {}, () -> {});
    ParkedPolls after = namespace.parkedNow();

    assertThat(before.asOfSeq()).isEqualTo(2);
    assertThat(before.polls()).isEmpty();
    assertThat(after.version()).isNotEqualTo(before.version());
    assertThat(after.polls()).singleElement().satisfies(p -> assertThat(p.to()).isEqualTo("bob"));
  }

  @Test
  void aSendAnswersItsParkedPollsBeforeItWakesTheJournalsWatchers() {
    List<String> order = new ArrayList<>();
    namespace.recv(
        new RecvQuery("bob", null, BigDecimal.ZERO, true, 100, null),
        outcome -> order.add("poll answered"),
        () -> {});
    namespace.journal().onEntryAfter(namespace.journal().nextSeq(), () -> order.add("watcher"));

    namespace.send("alice", "bob", "x", null, null);

    assertThat(order).containsExactly("poll answered", "watcher");
  }

  @Test
  void theEntriesOfASendAreReadableBeforeTheAnswerItMakesIsHandedOver() {
    long before = namespace.journal().nextSeq();
    AtomicReference<Long> readableAtAnswer = new AtomicReference<>();
    namespace.recv(
        new RecvQuery("bob", null, BigDecimal.ZERO, true, 100, null),
        outcome -> readableAtAnswer.set(namespace.journal().nextSeq()),
        () -> {});

    namespace.send("alice", "bob", "x", null, null);

    // the message sent and the poll answered
    assertThat(readableAtAnswer.get()).isEqualTo(before + 2);
  }

  private RecvOutcome poll(String to, BigDecimal since, int max) {
    AtomicReference<RecvOutcome> answer = new AtomicReference<>();
    namespace.recv(new RecvQuery(to, null, since, false, max, null), answer::set, () -> {});
    return answer.get();
  }
}
