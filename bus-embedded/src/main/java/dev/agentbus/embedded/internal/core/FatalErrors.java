package dev.agentbus.embedded.internal.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Where every thread of a bus reports an error it cannot recover from. After a {@link
 * VirtualMachineError} (an {@code OutOfMemoryError}, a {@code StackOverflowError}, an internal
 * error) the JVM's state is unknown: a bus that carried on would be a deaf process with dead
 * threads. The first such error marks the bus failed and tells the listeners, once.
 *
 * <p>Thread-safe. Listeners run on the failing thread and must not block.
 */
public final class FatalErrors {

  /** How deep a cause chain is searched for a fatal error. */
  private static final int MAX_CAUSES = 16;

  /**
   * The error that failed the bus.
   *
   * @param error the fatal error
   * @param thread the name of the thread it was thrown on
   */
  public record Failure(Throwable error, String thread) {

    /**
     * @return one line, e.g. {@code java.lang.OutOfMemoryError: Java heap space on thread
     *     agent-bus-timer}
     */
    public String describe() {
      return error + " on thread " + thread;
    }
  }

  /**
   * Heap set aside while the bus is healthy and let go the moment a fatal error is reported, so
   * that recording it, telling the listeners and printing the last line do not themselves run out
   * of memory (which would leave the process alive and deaf).
   */
  private static final int RESERVE_BYTES = 1 << 20;

  private final AtomicReference<Failure> first = new AtomicReference<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile byte[] reserve = new byte[RESERVE_BYTES];

  /**
   * Records {@code error} if it is, or was caused by, a {@link VirtualMachineError}; anything else
   * is left to the caller.
   *
   * @param error what a bus thread caught
   * @return {@code true} if the error is fatal (the bus is now failed)
   */
  public boolean report(Throwable error) {
    VirtualMachineError fatal = fatalCause(error);
    if (fatal == null) {
      return false;
    }
    reserve = null;
    if (first.compareAndSet(null, new Failure(fatal, Thread.currentThread().getName()))) {
      listeners.forEach(Runnable::run);
    }
    return true;
  }

  /**
   * @return the first fatal error, if one happened
   */
  public Optional<Failure> failure() {
    return Optional.ofNullable(first.get());
  }

  /**
   * Runs {@code listener} once when the bus fails: at once if it already has.
   *
   * @param listener receives the failure; runs on the failing thread and must not block
   */
  public void onFailure(Consumer<Failure> listener) {
    AtomicBoolean ran = new AtomicBoolean();
    Runnable once =
        () -> {
          Failure failure = first.get();
          if (failure != null && ran.compareAndSet(false, true)) {
            try {
              listener.accept(failure);
            } catch (RuntimeException | Error e) {
              // A failing listener must not stop the others from learning of the failure.
            }
          }
        };
    listeners.add(once);
    once.run();
  }

  /**
   * Lets go of the reserve and the listeners, for a bus that has stopped: a stopped bus keeps no
   * memory of its own. A failure already recorded stays readable.
   */
  public void close() {
    reserve = null;
    listeners.clear();
  }

  private static VirtualMachineError fatalCause(Throwable error) {
    Throwable cause = error;
    for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
      if (cause instanceof VirtualMachineError fatal) {
        return fatal;
      }
      cause = cause.getCause();
    }
    return null;
  }
}
