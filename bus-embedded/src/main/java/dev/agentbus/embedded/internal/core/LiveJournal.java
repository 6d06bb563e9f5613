package dev.agentbus.embedded.internal.core;

import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.JournalPage;
import dev.agentbus.embedded.journal.JournalView;
import dev.agentbus.embedded.journal.RequestRejected;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The live, bounded record of one namespace's traffic, in a ring indexed by sequence number: a read
 * from any sequence number costs what it returns, never the size of the journal.
 *
 * <p>Writers ({@link #append}) run under their namespace's lock, which orders entries like the
 * timestamps they record; they never wake anybody there. The namespace calls {@link #publish()}
 * after releasing its lock, and only then are blocked readers and callbacks woken, so a slow reader
 * never lengthens a send. Thread-safe: all state is guarded by this journal's monitor.
 */
public final class LiveJournal implements JournalView {

  private static final int INITIAL_CAPACITY = 64;

  private final int limit;
  private JournalEntry[] ring;
  private int head;
  private int size;
  private long nextSeq = 1;
  private long published = 1;
  private long dropped;
  private long bytes;
  private int rejectedHeld;
  private long rejectedBytes;
  private boolean closed;
  private final Consumer<JournalEntry> onDrop;
  private final List<Runnable> nextEntryListeners = new ArrayList<>();

  /**
   * @param limit the most entries kept; older ones are discarded and counted
   */
  public LiveJournal(int limit) {
    this(limit, entry -> {});
  }

  /**
   * @param limit the most entries kept; older ones are discarded and counted
   * @param onDrop told of each entry as it is discarded, on the discarding thread while it holds
   *     this journal's monitor (and its namespace's lock): so that what must outlive the entry is
   *     counted before it is gone; must be quick and must not touch this journal
   */
  public LiveJournal(int limit, Consumer<JournalEntry> onDrop) {
    this.onDrop = onDrop;
    if (limit < 1) {
      throw new IllegalArgumentException("journal limit must be positive, got " + limit);
    }
    this.limit = limit;
    this.ring = new JournalEntry[Math.min(INITIAL_CAPACITY, limit)];
  }

  /**
   * Appends an entry built for the next sequence number, without waking readers: call {@link
   * #publish()} once the caller's own lock is released.
   *
   * @param entryForSeq builds the entry from its sequence number
   * @param <E> the entry type
   * @return the entry appended
   */
  public synchronized <E extends JournalEntry> E append(LongFunction<E> entryForSeq) {
    E entry = entryForSeq.apply(nextSeq++);
    if (size == limit) {
      dropOldest();
    } else if (size == ring.length) {
      grow();
    }
    ring[(head + size) % ring.length] = entry;
    size++;
    long weight = JournalWeights.of(entry);
    bytes += weight;
    if (entry instanceof RequestRejected) {
      rejectedHeld++;
      rejectedBytes += weight;
    }
    return entry;
  }

  /**
   * @return whether the journal holds its limit, so that the next append discards the oldest entry
   */
  public synchronized boolean isFull() {
    return size == limit;
  }

  /**
   * @return how many refused requests the journal holds now
   */
  public synchronized int rejectedHeld() {
    return rejectedHeld;
  }

  /**
   * @return the estimated heap bytes of the refused requests the journal holds now
   */
  public synchronized long rejectedBytes() {
    return rejectedBytes;
  }

  /**
   * Discards the oldest entry to make room in the memory budget; it is counted as dropped, like
   * entries past the limit.
   *
   * @return the estimated bytes freed, 0 if the journal is empty
   */
  public synchronized long dropOldest() {
    if (size == 0) {
      return 0;
    }
    JournalEntry oldest = ring[head];
    long freed = JournalWeights.of(oldest);
    if (oldest instanceof RequestRejected) {
      rejectedHeld--;
      rejectedBytes -= freed;
    }
    onDrop.accept(oldest);
    ring[head] = null;
    head = (head + 1) % ring.length;
    size--;
    dropped++;
    bytes -= freed;
    return freed;
  }

  /**
   * @return the estimated heap bytes of the entries kept
   */
  public synchronized long bytes() {
    return bytes;
  }

  private void grow() {
    int capacity = (int) Math.min(limit, (long) ring.length * 2);
    JournalEntry[] larger = new JournalEntry[capacity];
    for (int i = 0; i < size; i++) {
      larger[i] = ring[(head + i) % ring.length];
    }
    ring = larger;
    head = 0;
  }

  /**
   * Wakes the readers waiting for entries appended since the last call. Must be called without
   * holding any bus lock: callbacks run on the calling thread.
   */
  public void publish() {
    publishThenNotify().run();
  }

  /**
   * Makes the entries appended since the last call visible and wakes the readers blocked in {@link
   * #await}, like {@link #publish()}, but hands back the callbacks of the readers waiting without a
   * thread (parked {@code /_bus/journal} requests) instead of running them: a sender runs them once
   * the answers it owes parked polls are under way, so that a journal watcher never stands between
   * a message and its recipient. Must be called without holding any bus lock.
   *
   * @return runs those callbacks on the calling thread; call it once, without holding any bus lock
   */
  public Runnable publishThenNotify() {
    List<Runnable> toNotify;
    synchronized (this) {
      if (published == nextSeq) {
        return () -> {};
      }
      published = nextSeq;
      notifyAll();
      if (nextEntryListeners.isEmpty()) {
        return () -> {};
      }
      toNotify = new ArrayList<>(nextEntryListeners);
      nextEntryListeners.clear();
    }
    return () -> toNotify.forEach(Runnable::run);
  }

  @Override
  public JournalPage read(long fromSeq, int max) {
    JournalEntry[] candidates;
    long start;
    long droppedThen;
    boolean missed;
    synchronized (this) {
      // Readers see what is published: an entry appended under a namespace lock becomes visible
      // with the wake-up, so a woken reader and a plain reader agree.
      long firstKept = nextSeq - size;
      start = Math.max(fromSeq, firstKept);
      int wanted = (int) Math.max(0, Math.min(Math.min(max, MAX_PAGE), published - start));
      candidates = new JournalEntry[wanted];
      int from = (int) ((head + start - firstKept) % ring.length);
      int first = Math.min(wanted, ring.length - from);
      System.arraycopy(ring, from, candidates, 0, first);
      System.arraycopy(ring, 0, candidates, first, wanted - first);
      droppedThen = dropped;
      missed = fromSeq < firstKept;
    }
    // Weighed after the monitor is released: the append that a send makes under its namespace's
    // lock never waits for a reader to measure a long page. Cut by the bytes the JSON answer will
    // take, never by characters: a body of control characters is six times longer written than
    // held. The first entry always goes in, so a reader progresses even past an entry larger than
    // the cap. The page's own fields (nextSeq, dropped, missed) take less than an entry's fixed
    // part.
    long cap = MAX_PAGE_BYTES - JsonBytes.ENTRY;
    int taken = 0;
    long bytes = 0;
    for (JournalEntry entry : candidates) {
      long weight = JsonBytes.of(entry);
      if (taken > 0 && bytes + weight > cap) {
        break;
      }
      taken++;
      bytes += weight;
    }
    List<JournalEntry> page = Arrays.asList(candidates).subList(0, taken);
    return new JournalPage(page, start + taken, droppedThen, missed);
  }

  @Override
  public synchronized JournalPage await(long fromSeq, int max, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!closed && published <= fromSeq) {
      long remainingNanos = deadline - System.nanoTime();
      if (remainingNanos <= 0) {
        break;
      }
      wait(Math.max(1, remainingNanos / 1_000_000));
    }
    return read(fromSeq, max);
  }

  @Override
  public synchronized long nextSeq() {
    return published;
  }

  /**
   * @return the sequence number the next entry appended will get, counting entries appended but not
   *     yet published; for a writer that holds its namespace's lock, to name the moment it looks at
   */
  public synchronized long appendedNextSeq() {
    return nextSeq;
  }

  /**
   * @return every entry kept, published or not, oldest first; for a writer that holds its
   *     namespace's lock, to copy the journal as of the moment it looks at. A copy of references,
   *     linear in the entries kept.
   */
  public synchronized List<JournalEntry> kept() {
    JournalEntry[] copy = new JournalEntry[size];
    int first = Math.min(size, ring.length - head);
    System.arraycopy(ring, head, copy, 0, first);
    System.arraycopy(ring, 0, copy, first, size - first);
    return Arrays.asList(copy);
  }

  /**
   * Runs {@code listener} once, as soon as an entry with a sequence number of at least {@code
   * fromSeq} is published or the journal closes: at once if that is already so, else on the
   * publishing thread, outside every bus lock.
   *
   * @param fromSeq the sequence number to wait for
   * @param listener what to run; must be quick and must not block
   * @return a handle that unregisters the listener, for readers that give up first
   */
  public Runnable onEntryAfter(long fromSeq, Runnable listener) {
    synchronized (this) {
      if (!closed && published <= fromSeq) {
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
      long remainingNanos = deadline - System.nanoTime();
      if (remainingNanos <= 0) {
        return false;
      }
      wait(Math.max(1, remainingNanos / 1_000_000));
    }
    return true;
  }

  /**
   * @return how many entries were discarded to stay within the limit
   */
  @Override
  public synchronized long dropped() {
    return dropped;
  }

  /**
   * @return whether the journal was closed (its namespace stopped or dropped)
   */
  public synchronized boolean isClosed() {
    return closed;
  }

  /** Publishes what is pending and wakes every waiting reader; later waits return at once. */
  public void close() {
    List<Runnable> toNotify;
    synchronized (this) {
      closed = true;
      published = nextSeq;
      notifyAll();
      toNotify = new ArrayList<>(nextEntryListeners);
      nextEntryListeners.clear();
    }
    toNotify.forEach(Runnable::run);
  }
}
