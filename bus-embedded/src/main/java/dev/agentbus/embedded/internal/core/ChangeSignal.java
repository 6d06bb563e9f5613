package dev.agentbus.embedded.internal.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Tells waiters that something changed, so that they re-check their condition instead of polling
 * for it: blocking waiters through {@link #await}, non-blocking ones (parked HTTP requests) through
 * one-shot callbacks. Fired outside every bus lock. Thread-safe.
 */
final class ChangeSignal {

  private final List<Runnable> listeners = new ArrayList<>();

  /** Wakes every waiter and runs (then forgets) every callback, on the calling thread. */
  void fire() {
    List<Runnable> toRun;
    synchronized (this) {
      notifyAll();
      if (listeners.isEmpty()) {
        return;
      }
      toRun = new ArrayList<>(listeners);
      listeners.clear();
    }
    toRun.forEach(Runnable::run);
  }

  /**
   * Waits until {@code condition} holds, re-checking it at each change.
   *
   * @param condition what to wait for; must not take this signal's monitor
   * @param timeout the longest wait
   * @return whether the condition held in time
   * @throws InterruptedException if the waiting thread is interrupted
   */
  synchronized boolean await(BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      long remainingNanos = deadline - System.nanoTime();
      if (remainingNanos <= 0) {
        return false;
      }
      wait(Math.max(1, remainingNanos / 1_000_000));
    }
    return true;
  }

  /**
   * Runs {@code listener} once, at the next change.
   *
   * @param listener what to run; must be quick and must not block
   * @return a handle that unregisters it
   */
  synchronized Runnable onNextChange(Runnable listener) {
    listeners.add(listener);
    return () -> {
      synchronized (this) {
        listeners.remove(listener);
      }
    };
  }
}
