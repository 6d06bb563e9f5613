package dev.agentbus.embedded.internal.core;

import java.time.Duration;
import java.util.Arrays;

/**
 * The thread group of every thread a bus starts (its I/O, worker, timer and log threads), so that
 * an error that kills one of them fails the bus instead of leaving it half alive.
 *
 * <p>A stopped bus must {@link #close()} its group. Up to Java 18 a parent group holds every
 * subgroup strongly until it is destroyed, and a group that is never destroyed keeps everything it
 * reaches: through {@link FatalErrors} and its listeners, the whole stopped bus (about 1 MiB, until
 * a JVM that starts buses in a loop runs out of memory). The group cannot destroy itself as a
 * daemon group would: XNIO's task pool creates one thread it never starts, and an unstarted thread
 * keeps a daemon group alive.
 */
public final class BusThreadGroup extends ThreadGroup implements AutoCloseable {

  /** How long {@link #close()} waits for threads that were told to stop. */
  private static final Duration THREAD_END_TIMEOUT = Duration.ofSeconds(5);

  private final FatalErrors fatalErrors;

  /**
   * @param fatalErrors where the threads report fatal errors
   */
  public BusThreadGroup(FatalErrors fatalErrors) {
    super("agent-bus");
    this.fatalErrors = fatalErrors;
  }

  /**
   * @return where the threads report fatal errors
   */
  public FatalErrors fatalErrors() {
    return fatalErrors;
  }

  /**
   * @return whether the calling thread is one of this bus's threads
   */
  public boolean containsCurrentThread() {
    return parentOf(Thread.currentThread().getThreadGroup());
  }

  @Override
  public void uncaughtException(Thread thread, Throwable error) {
    fatalErrors.report(error);
    super.uncaughtException(thread, error);
  }

  /**
   * Waits (at most five seconds) for the group's threads, which the caller has told to stop, to
   * end, then destroys the group so that its parent lets go of it. A thread still alive after the
   * wait leaves the group in place rather than hanging the caller. Idempotent; called from one of
   * the group's own threads it does not wait for that thread.
   */
  @Override
  public void close() {
    long deadline = System.nanoTime() + THREAD_END_TIMEOUT.toNanos();
    try {
      for (Thread thread : threads()) {
        long left = deadline - System.nanoTime();
        if (thread != Thread.currentThread() && left > 0) {
          thread.join(Math.max(1, left / 1_000_000));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    destroyIfEmpty();
  }

  private Thread[] threads() {
    Thread[] threads = new Thread[activeCount() + 8];
    int count = enumerate(threads);
    return Arrays.copyOf(threads, count);
  }

  // Deprecated for removal since Java 16, and a no-op from Java 19 on, where parents hold their
  // subgroups weakly; on Java 17 and 18, which this library supports, it is what lets go.
  @SuppressWarnings("removal")
  private void destroyIfEmpty() {
    if (isDestroyed() || activeCount() > 0) {
      return;
    }
    try {
      destroy();
    } catch (IllegalThreadStateException e) {
      // a thread started or the group was destroyed meanwhile: nothing to let go of here
    }
  }
}
