package dev.agentbus.embedded.journal;

import dev.agentbus.client.protocol.ProtocolJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The ordered, bounded record of one namespace's traffic.
 *
 * <p>It keeps the newest {@code limit} entries and counts what it discarded; every read says
 * whether it missed any. Readers can wait for the next entry, blocking ({@link #await}) or by
 * callback ({@link #onEntryAfter}), so that nobody has to poll. Thread-safe: all state is guarded
 * by the journal's monitor, and callbacks run outside it.
 */
public final class TrafficJournal {

  private final int limit;
  private final ArrayDeque<JournalEntry> entries = new ArrayDeque<>();
  private final List<Runnable> nextEntryListeners = new ArrayList<>();
  private long nextSeq = 1;
  private long dropped;
  private boolean closed;

  /**
   * @param limit the most entries kept; older ones are discarded and counted
   */
  public TrafficJournal(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("journal limit must be positive, got " + limit);
    }
    this.limit = limit;
  }

  /**
   * Appends an entry built for the next sequence number.
   *
   * @param entryForSeq builds the entry from its sequence number
   * @param <E> the entry type
   * @return the entry appended
   */
  public <E extends JournalEntry> E append(LongFunction<E> entryForSeq) {
    E entry;
    List<Runnable> toNotify;
    synchronized (this) {
      entry = entryForSeq.apply(nextSeq++);
      entries.addLast(entry);
      if (entries.size() > limit) {
        entries.removeFirst();
        dropped++;
      }
      notifyAll();
      if (nextEntryListeners.isEmpty()) {
        return entry;
      }
      toNotify = new ArrayList<>(nextEntryListeners);
      nextEntryListeners.clear();
    }
    toNotify.forEach(Runnable::run);
    return entry;
  }

  /**
   * Reads entries without waiting.
   *
   * @param fromSeq the first sequence number wanted (1 for everything)
   * @param max the most entries returned
   * @return the page, maybe empty
   */
  public synchronized JournalPage read(long fromSeq, int max) {
    long firstKept = nextSeq - entries.size();
    long start = Math.max(fromSeq, firstKept);
    List<JournalEntry> page = new ArrayList<>();
    if (start < nextSeq) {
      int skip = (int) (start - firstKept);
      for (JournalEntry entry : entries) {
        if (skip-- > 0) {
          continue;
        }
        if (page.size() == max) {
          break;
        }
        page.add(entry);
      }
    }
    return new JournalPage(page, start + page.size(), dropped, fromSeq < firstKept);
  }

  /**
   * Reads every entry currently kept.
   *
   * @return all entries kept, oldest first
   */
  public List<JournalEntry> entries() {
    return read(1, Integer.MAX_VALUE).entries();
  }

  /**
   * Reads entries from {@code fromSeq} on, waiting up to {@code timeout} for the first one.
   *
   * @param fromSeq the first sequence number wanted
   * @param max the most entries returned
   * @param timeout how long to wait when there is nothing yet
   * @return the page; empty when the timeout passed or the journal was closed
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public synchronized JournalPage await(long fromSeq, int max, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!closed && nextSeq <= fromSeq) {
      long remainingMillis = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
      if (remainingMillis <= 0) {
        break;
      }
      wait(remainingMillis);
    }
    return read(fromSeq, max);
  }

  /**
   * Runs {@code listener} once, as soon as an entry with a sequence number of at least {@code
   * fromSeq} exists or the journal closes: at once if that is already so, else on the appending
   * thread.
   *
   * @param fromSeq the sequence number to wait for
   * @param listener what to run; must be quick and must not block
   * @return a handle that unregisters the listener, for readers that give up first
   */
  public Runnable onEntryAfter(long fromSeq, Runnable listener) {
    synchronized (this) {
      if (!closed && nextSeq <= fromSeq) {
        nextEntryListeners.add(listener);
        notifyAll(); // for awaitWaitingReaders
        return () -> {
          synchronized (this) {
            nextEntryListeners.remove(listener);
          }
        };
      }
    }
    listener.run();
    return () -> {};
  }

  /**
   * Waits until at least {@code count} callback readers (such as blocking {@code /_bus/journal}
   * requests) are waiting for the next entry: the moment a remote watcher is known to listen.
   *
   * @param count how many waiting readers
   * @param timeout the longest wait
   * @return {@code true} if that many were waiting in time
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public synchronized boolean awaitWaitingReaders(int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (nextEntryListeners.size() < count) {
      long remainingMillis = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
      if (remainingMillis <= 0) {
        return false;
      }
      wait(remainingMillis);
    }
    return true;
  }

  /**
   * @return the sequence number the next entry will get
   */
  public synchronized long nextSeq() {
    return nextSeq;
  }

  /**
   * @return how many entries were discarded to stay within the limit
   */
  public synchronized long dropped() {
    return dropped;
  }

  /**
   * Writes every entry kept, one JSON object per line (the same JSON as {@code /_bus/journal}), for
   * reports and test artifacts. Replaces the file.
   *
   * @param file where to write
   * @throws IOException if the file cannot be written
   */
  public void writeJsonLines(Path file) throws IOException {
    List<JournalEntry> kept = entries();
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (JournalEntry entry : kept) {
        writer.write(ProtocolJson.writeString(entry));
        writer.write('\n');
      }
    }
  }

  /**
   * Reads entries back from a file written by {@link #writeJsonLines(Path)}.
   *
   * @param file the file
   * @return its entries in order
   * @throws IOException if it cannot be read or a line is not a journal entry
   */
  public static List<JournalEntry> readJsonLines(Path file) throws IOException {
    List<JournalEntry> read = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        read.add(ProtocolJson.read(line, JournalEntry.class));
      }
    }
    return read;
  }

  /** Wakes every waiting reader; later waits return at once. Called when the bus stops. */
  public void close() {
    List<Runnable> toNotify;
    synchronized (this) {
      closed = true;
      notifyAll();
      toNotify = new ArrayList<>(nextEntryListeners);
      nextEntryListeners.clear();
    }
    toNotify.forEach(Runnable::run);
  }
}
