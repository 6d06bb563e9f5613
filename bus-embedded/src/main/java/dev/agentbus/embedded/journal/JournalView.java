package dev.agentbus.embedded.journal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A read-only view of one namespace's traffic journal, the same whether the bus runs in this JVM or
 * elsewhere. Entries carry sequence numbers from 1, increasing without gaps; the journal keeps the
 * newest ones within its bounds and every page says whether the reader missed any.
 *
 * <p>Waiting never polls: {@link #await} and everything built on it wake on the next entry.
 * Implementations are thread-safe.
 */
public interface JournalView {

  /** The most entries one page holds; larger requests are cut to it. */
  int MAX_PAGE = 10_000;

  /**
   * The most bytes the entries of one page take written as JSON (escapes and UTF-8 counted): a page
   * is cut before the entry that would pass it, so that no read, however large its {@code max}, can
   * exhaust a heap. At least one entry is always returned, whatever its size.
   */
  int MAX_PAGE_BYTES = 4 * 1024 * 1024;

  /**
   * Reads entries without waiting.
   *
   * @param fromSeq the first sequence number wanted (1 for everything)
   * @param max the most entries returned, at most {@link #MAX_PAGE} (and {@link #MAX_PAGE_BYTES} of
   *     JSON)
   * @return the page, maybe empty; continue from its {@link JournalPage#nextSeq()}
   */
  JournalPage read(long fromSeq, int max);

  /**
   * Reads entries from {@code fromSeq} on, waiting up to {@code timeout} for the first one.
   *
   * @param fromSeq the first sequence number wanted
   * @param max the most entries returned, at most {@link #MAX_PAGE}
   * @param timeout how long to wait when there is nothing yet
   * @return the page; empty when the timeout passed or the namespace was closed
   * @throws InterruptedException if the waiting thread is interrupted
   */
  JournalPage await(long fromSeq, int max, Duration timeout) throws InterruptedException;

  /**
   * @return the sequence number the next entry will get
   */
  long nextSeq();

  /**
   * @return how many entries the journal has discarded to stay within its bounds
   */
  default long dropped() {
    return read(nextSeq(), 1).dropped();
  }

  /**
   * Reads every entry kept, page by page.
   *
   * @return the entries, oldest first
   */
  default List<JournalEntry> entries() {
    List<JournalEntry> all = new ArrayList<>();
    long from = 1;
    while (true) {
      JournalPage page = read(from, MAX_PAGE);
      if (page.entries().isEmpty()) {
        return all;
      }
      all.addAll(page.entries());
      from = page.nextSeq();
    }
  }

  /**
   * Waits for the first entry from {@code fromSeq} on that matches, looking first at what is
   * already kept and then at each new entry as it is appended.
   *
   * @param fromSeq the first sequence number to look at (1 for everything kept)
   * @param type the kind of entry wanted, e.g. {@code MessageSent.class}
   * @param matching the condition
   * @param timeout the longest wait
   * @param <E> the entry type
   * @return the entry, or empty if none matched in time
   * @throws InterruptedException if the waiting thread is interrupted
   */
  default <E extends JournalEntry> Optional<E> awaitEntry(
      long fromSeq, Class<E> type, Predicate<? super E> matching, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long next = fromSeq;
    while (true) {
      long remaining = deadline - System.nanoTime();
      JournalPage page = await(next, MAX_PAGE, Duration.ofNanos(Math.max(0, remaining)));
      for (JournalEntry entry : page.entries()) {
        if (type.isInstance(entry) && matching.test(type.cast(entry))) {
          return Optional.of(type.cast(entry));
        }
      }
      if (page.entries().isEmpty() && remaining <= 0) {
        return Optional.empty();
      }
      if (page.entries().isEmpty() && deadline - System.nanoTime() <= 0) {
        return Optional.empty();
      }
      next = page.nextSeq();
    }
  }

  /**
   * Hands every entry from {@code fromSeq} on to {@code listener}, in order, on a thread of its own
   * (never a bus thread), until the subscription is closed. Entries the journal discarded before
   * they could be handed over are skipped; {@link JournalPage#missed()} says so on reads.
   *
   * @param fromSeq the first sequence number to hand over
   * @param listener receives each entry; an exception it throws ends the subscription
   * @return the subscription; close it to stop
   */
  default JournalSubscription listen(long fromSeq, Consumer<? super JournalEntry> listener) {
    return JournalSubscription.start(this, fromSeq, listener);
  }

  /**
   * Writes every entry kept, one JSON object per line (the JSON of {@code /_bus/journal}). Replaces
   * the file.
   *
   * @param file where to write
   * @throws IOException if the file cannot be written
   */
  default void writeJsonLines(Path file) throws IOException {
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      JournalFiles.write(entries(), writer);
    }
  }
}
