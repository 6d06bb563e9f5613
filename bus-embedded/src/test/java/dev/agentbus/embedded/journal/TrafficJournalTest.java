package dev.agentbus.embedded.journal;

import static org.assertj.core.api.Assertions.assertThat;

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
class TrafficJournalTest {

  private static RequestRejected rejection(long seq) {
    return new RequestRejected(
        seq, BigDecimal.valueOf(seq), "GET", "/recv", 400, "bad " + seq, Map.of());
  }

  @Test
  void entriesGetIncreasingSequenceNumbersFromOne() {
    TrafficJournal journal = new TrafficJournal(10);
    journal.append(TrafficJournalTest::rejection);
    journal.append(TrafficJournalTest::rejection);

    assertThat(journal.entries()).extracting(JournalEntry::seq).containsExactly(1L, 2L);
    assertThat(journal.nextSeq()).isEqualTo(3);
  }

  @Test
  void aFullJournalKeepsTheNewestEntriesAndCountsTheDropped() {
    TrafficJournal journal = new TrafficJournal(3);
    for (int i = 0; i < 5; i++) {
      journal.append(TrafficJournalTest::rejection);
    }

    assertThat(journal.entries()).extracting(JournalEntry::seq).containsExactly(3L, 4L, 5L);
    assertThat(journal.dropped()).isEqualTo(2);
  }

  @Test
  void aReaderAskingForDroppedEntriesIsToldItMissedThem() {
    TrafficJournal journal = new TrafficJournal(3);
    for (int i = 0; i < 5; i++) {
      journal.append(TrafficJournalTest::rejection);
    }

    JournalPage page = journal.read(1, 10);

    assertThat(page.missed()).isTrue();
    assertThat(page.dropped()).isEqualTo(2);
    assertThat(page.entries()).extracting(JournalEntry::seq).containsExactly(3L, 4L, 5L);
    assertThat(journal.read(4, 10).missed()).isFalse();
  }

  @Test
  void aReadFromASequenceNumberReturnsThatEntryOnAndWhereToGoOn() {
    TrafficJournal journal = new TrafficJournal(10);
    for (int i = 0; i < 5; i++) {
      journal.append(TrafficJournalTest::rejection);
    }

    JournalPage page = journal.read(2, 2);

    assertThat(page.entries()).extracting(JournalEntry::seq).containsExactly(2L, 3L);
    assertThat(page.nextSeq()).isEqualTo(4);
    assertThat(journal.read(6, 10).entries()).isEmpty();
    assertThat(journal.read(6, 10).nextSeq()).isEqualTo(6);
  }

  @Test
  void aBlockingReadWakesOnTheNextEntry() throws Exception {
    TrafficJournal journal = new TrafficJournal(10);
    Thread appender = new Thread(() -> journal.append(TrafficJournalTest::rejection));

    appender.start();
    JournalPage page = journal.await(1, 10, Duration.ofSeconds(30));

    assertThat(page.entries()).hasSize(1);
    appender.join();
  }

  @Test
  void aListenerForTheNextEntryRunsOnceWhenItIsAppended() throws Exception {
    TrafficJournal journal = new TrafficJournal(10);
    CountDownLatch fired = new CountDownLatch(1);
    journal.onEntryAfter(1, fired::countDown);

    assertThat(fired.getCount()).isEqualTo(1);
    journal.append(TrafficJournalTest::rejection);

    assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void closingWakesBlockedReadersAndListeners() throws Exception {
    TrafficJournal journal = new TrafficJournal(10);
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
    TrafficJournal journal = new TrafficJournal(10);
    journal.append(
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
    journal.append(
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
    journal.append(TrafficJournalTest::rejection);
    journal.append(seq -> new MessageEvicted(seq, BigDecimal.TEN, BigDecimal.ONE, "c", "a", "b"));
    Path file = dir.resolve("journal.jsonl");

    journal.writeJsonLines(file);

    assertThat(Files.readAllLines(file)).hasSize(4).allMatch(line -> line.startsWith("{\"kind\":"));
    assertThat(TrafficJournal.readJsonLines(file)).isEqualTo(journal.entries());
  }
}
