package dev.agentbus.embedded.journal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A running {@link JournalView#listen} subscription: one daemon thread that waits on the journal
 * and hands each entry to the listener, in order. Closing it stops the thread promptly (it wakes
 * from its wait) and returns once no more entries will be handed over. Thread-safe.
 */
public final class JournalSubscription implements AutoCloseable {

  private static final Duration WAIT_SLICE = Duration.ofSeconds(5);

  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean closed;
  private volatile long nextSeq;

  private JournalSubscription(JournalView journal, long fromSeq, Consumer<? super JournalEntry> l) {
    this.nextSeq = fromSeq;
    this.thread = new Thread(() -> run(journal, l), "agent-bus-journal-listener");
    thread.setDaemon(true);
  }

  static JournalSubscription start(
      JournalView journal, long fromSeq, Consumer<? super JournalEntry> listener) {
    JournalSubscription subscription = new JournalSubscription(journal, fromSeq, listener);
    subscription.thread.start();
    return subscription;
  }

  private void run(JournalView journal, Consumer<? super JournalEntry> listener) {
    try {
      while (!closed) {
        JournalPage page = journal.await(nextSeq, JournalView.MAX_PAGE, WAIT_SLICE);
        for (JournalEntry entry : page.entries()) {
          if (closed) {
            return;
          }
          listener.accept(entry);
        }
        nextSeq = page.nextSeq();
      }
    } catch (InterruptedException e) {
      // closed: nothing more to hand over
    } catch (RuntimeException | Error e) {
      if (!closed) {
        failure.set(e);
      }
    }
  }

  /**
   * @return the sequence number of the next entry to hand over
   */
  public long nextSeq() {
    return nextSeq;
  }

  /**
   * @return what ended the subscription early (the listener threw, or the journal could not be
   *     read), if anything did
   */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  /** Stops handing over entries and waits (at most a few seconds) for the thread to end. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(WAIT_SLICE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
