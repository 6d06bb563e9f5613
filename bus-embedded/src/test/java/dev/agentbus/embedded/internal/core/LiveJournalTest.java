package dev.agentbus.embedded.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.JournalFiles;
import dev.agentbus.embedded.journal.JournalPage;
import dev.agentbus.embedded.journal.JournalView;
import dev.agentbus.embedded.journal.MessageEvicted;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.PollAnswered;
import dev.agentbus.embedded.journal.RequestRejected;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal on its own: order, bounds, readers and waiters, files. */
class LiveJournalTest {

  private static RequestRejected rejection(long seq) {
    return new RequestRejected(
        seq, BigDecimal.valueOf(seq), "GET", "/recv", 400, "bad " + seq, Map.of());
  }

  private static void add(
      LiveJournal journal, java.util.function.LongFunction<? extends JournalEntry> entry) {
    journal.append(entry);
    journal.publish();
  }

  private static MessageSent message(long seq, int bytes) {
    return new MessageSent(
        seq, BigDecimal.valueOf(seq), "c", true, "alice", "bob", "x".repeat(bytes), bytes, null);
  }

  @Test
  void anAppendedEntryIsInvisibleToReadersUntilItIsPublished() {
    LiveJournal journal = new LiveJournal(10);
    journal.append(LiveJournalTest::rejection);

    assertThat(journal.read(1, 10).entries()).isEmpty();
    assertThat(journal.nextSeq()).isEqualTo(1);

    journal.publish();

    assertThat(journal.read(1, 10).entries()).hasSize(1);
  }

  @Test
  void theEntriesKeptAreCopiedInOrderAcrossTheRingsWrapPublishedOrNot() {
    LiveJournal journal = new LiveJournal(5);
    for (int i = 0; i < 7; i++) {
      add(journal, LiveJournalTest::rejection);
    }
    journal.append(LiveJournalTest::rejection); // not yet published

    assertThat(journal.kept()).extracting(JournalEntry::seq).containsExactly(4L, 5L, 6L, 7L, 8L);
  }

  @Test
  void aReadInTheMiddleOfAWrappedRingReturnsExactlyTheAskedEntries() {
    LiveJournal journal = new LiveJournal(100);
    for (int i = 0; i < 1_000; i++) {
      add(journal, LiveJournalTest::rejection);
    }

    JournalPage page = journal.read(950, 20);

    assertThat(page.entries())
        .extracting(JournalEntry::seq)
        .containsExactly(
            java.util.stream.LongStream.rangeClosed(950, 969).boxed().toArray(Long[]::new));
    assertThat(page.missed()).isFalse();
    assertThat(journal.read(1, 1_000).entries()).hasSize(100);
  }

  @Test
  void aPageStopsAtAboutFourMebibytesOfBodiesWhateverItsMax() {
    LiveJournal journal = new LiveJournal(1_000);
    for (int i = 0; i < 200; i++) {
      add(journal, seq -> message(seq, 64 * 1024));
    }

    JournalPage page = journal.read(1, 1_000);

    assertThat(page.entries()).hasSizeBetween(60, 70);
    assertThat(page.nextSeq()).isEqualTo(1 + page.entries().size());
    assertThat(journal.entries()).hasSize(200);
  }

  @Test
  void aPageNeverHoldsMoreThanTheLargestPage() {
    LiveJournal journal = new LiveJournal(JournalView.MAX_PAGE * 2);
    for (int i = 0; i < JournalView.MAX_PAGE + 5; i++) {
      add(journal, LiveJournalTest::rejection);
    }

    assertThat(journal.read(1, Integer.MAX_VALUE).entries()).hasSize(JournalView.MAX_PAGE);
  }

  @Test
  void entriesGetIncreasingSequenceNumbersFromOne() {
    LiveJournal journal = new LiveJournal(10);
    add(journal, LiveJournalTest::rejection);
    add(journal, LiveJournalTest::rejection);

    assertThat(journal.entries()).extracting(JournalEntry::seq).containsExactly(1L, 2L);
    assertThat(journal.nextSeq()).isEqualTo(3);
  }

  @Test
  void aFullJournalKeepsTheNewestEntriesAndCountsTheDropped() {
    LiveJournal journal = new LiveJournal(3);
    for (int i = 0; i < 5; i++) {
      add(journal, LiveJournalTest::rejection);
    }

    assertThat(journal.entries()).extracting(JournalEntry::seq).containsExactly(3L, 4L, 5L);
    assertThat(journal.dropped()).isEqualTo(2);
  }

  @Test
  void aReaderAskingForDroppedEntriesIsToldItMissedThem() {
    LiveJournal journal = new LiveJournal(3);
    for (int i = 0; i < 5; i++) {
      add(journal, LiveJournalTest::rejection);
    }

    JournalPage page = journal.read(1, 10);

    assertThat(page.missed()).isTrue();
    assertThat(page.dropped()).isEqualTo(2);
    assertThat(page.entries()).extracting(JournalEntry::seq).containsExactly(3L, 4L, 5L);
    assertThat(journal.read(4, 10).missed()).isFalse();
  }

  @Test
  void aReadFromASequenceNumberReturnsThatEntryOnAndWhereToGoOn() {
    LiveJournal journal = new LiveJournal(10);
    for (int i = 0; i < 5; i++) {
      add(journal, LiveJournalTest::rejection);
    }

    JournalPage page = journal.read(2, 2);

    assertThat(page.entries()).extracting(JournalEntry::seq).containsExactly(2L, 3L);
    assertThat(page.nextSeq()).isEqualTo(4);
    assertThat(journal.read(6, 10).entries()).isEmpty();
    assertThat(journal.read(6, 10).nextSeq()).isEqualTo(6);
  }

  @Test
  void aBlockingReadWakesOnTheNextEntry() throws Exception {
    LiveJournal journal = new LiveJournal(10);
    Thread appender = new Thread(() -> add(journal, LiveJournalTest::rejection));

    appender.start();
    JournalPage page = journal.await(1, 10, Duration.ofSeconds(30));

    assertThat(page.entries()).hasSize(1);
    appender.join();
  }

  @Test
  void aListenerForTheNextEntryRunsOnceWhenItIsAppended() throws Exception {
    LiveJournal journal = new LiveJournal(10);
    CountDownLatch fired = new CountDownLatch(1);
    journal.onEntryAfter(1, fired::countDown);

    assertThat(fired.getCount()).isEqualTo(1);
    add(journal, LiveJournalTest::rejection);

    assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void closingWakesBlockedReadersAndListeners() throws Exception {
    LiveJournal journal = new LiveJournal(10);
    CountDownLatch fired = new CountDownLatch(1);
    journal.onEntryAfter(1, fired::countDown);
    Thread closer = new Thread(journal::close);

    closer.start();
    JournalPage page = journal.await(1, 10, Duration.ofSeconds(30));

    assertThat(page.entries()).isEmpty();
    assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
    closer.join();
  }

  @Test
  void entriesRoundTripThroughAJsonLinesFile(@TempDir Path dir) throws Exception {
    LiveJournal journal = new LiveJournal(10);
    add(
        journal,
        seq ->
            new MessageSent(
                seq,
                new BigDecimal("1764000000.000001"),
                "c-7",
                true,
                "a\nb",
                "bob 🤖",
                "x\ny",
                3,
                null));
    add(
        journal,
        seq ->
            new PollAnswered(
                seq,
                new BigDecimal("1764000000.000002"),
                "bob 🤖",
                null,
                null,
                BigDecimal.ZERO,
                true,
                100,
                List.of(new BigDecimal("1764000000.000001")),
                new BigDecimal("1764000000.000002"),
                5,
                false,
                "Mozilla/5.0"));
    add(journal, LiveJournalTest::rejection);
    add(journal, seq -> new MessageEvicted(seq, BigDecimal.TEN, BigDecimal.ONE, "c", "a", "b"));
    Path file = dir.resolve("journal.jsonl");

    journal.writeJsonLines(file);

    assertThat(Files.readAllLines(file)).hasSize(4).allMatch(line -> line.startsWith("{\"kind\":"));
    assertThat(JournalFiles.read(file)).isEqualTo(journal.entries());
  }
}
