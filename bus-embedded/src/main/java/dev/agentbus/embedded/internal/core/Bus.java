package dev.agentbus.embedded.internal.core;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The bus without its HTTP face: one clock, one timer for long-poll timeouts, and the root
 * namespace plus any number of isolated ones created on first use.
 *
 * <p>Thread-safe. Parked polls cost a queue entry and a timer task each, never a thread.
 */
public final class Bus implements AutoCloseable {

  private static final Pattern NAMESPACE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** What a namespace id may be, in words, for error messages. */
  public static final String NAMESPACE_ID_RULE =
      "namespace id must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or"
          + " digit";

  private final BusSettings settings;
  private final BusClock clock;
  private final ScheduledThreadPoolExecutor timer;
  private final Namespace root;
  private final ConcurrentMap<String, Namespace> namespaces = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** Notified whenever a poll parks or unparks anywhere, for {@link #awaitParkedPolls}. */
  private final Object parkedChanged = new Object();

  /**
   * @param settings behaviour knobs
   * @param wallClock the wall clock the timestamps follow
   */
  public Bus(BusSettings settings, Clock wallClock) {
    this.settings = settings;
    this.clock = new BusClock(wallClock);
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "agent-bus-timer");
              thread.setDaemon(true);
              return thread;
            });
    timer.setRemoveOnCancelPolicy(true);
    this.root = new Namespace("", clock, settings, timer, this::signalParkedChange);
  }

  /**
   * @return the namespace served at the server's root
   */
  public Namespace root() {
    return root;
  }

  /**
   * @param id a candidate namespace id
   * @return whether it may name a namespace (it is used in URLs and file names)
   */
  public static boolean isValidNamespaceId(String id) {
    return NAMESPACE_ID.matcher(id).matches();
  }

  /**
   * The namespace {@code id}, created on first use.
   *
   * @param id a namespace id
   * @return the namespace
   * @throws IllegalArgumentException if the id is not valid
   */
  public Namespace namespace(String id) {
    if (!isValidNamespaceId(id)) {
      throw new IllegalArgumentException(NAMESPACE_ID_RULE + ", got '" + id + "'");
    }
    return namespaces.computeIfAbsent(
        id,
        key -> {
          Namespace created = new Namespace(key, clock, settings, timer, this::signalParkedChange);
          if (closed) {
            created.stop(); // a stopped bus answers at once and parks nothing
          }
          return created;
        });
  }

  /**
   * @param id a namespace id
   * @return the namespace if it was used and not dropped
   */
  public Optional<Namespace> existingNamespace(String id) {
    return Optional.ofNullable(namespaces.get(id));
  }

  /**
   * Forgets a namespace: its parked polls are answered, its messages and journal discarded. A later
   * request under the same id starts afresh.
   *
   * @param id a namespace id
   * @return {@code true} if it existed
   */
  public boolean dropNamespace(String id) {
    Namespace dropped = namespaces.remove(id);
    if (dropped != null) {
      dropped.stop();
    }
    return dropped != null;
  }

  /**
   * @return the namespaces in use, not counting the root
   */
  public Collection<Namespace> namespaces() {
    return List.copyOf(namespaces.values());
  }

  /**
   * @return polls parked in all namespaces together
   */
  public int parkedPolls() {
    int total = root.parkedPolls();
    for (Namespace namespace : namespaces.values()) {
      total += namespace.parkedPolls();
    }
    return total;
  }

  /**
   * Waits until at least {@code count} polls are parked in all namespaces together.
   *
   * @param count how many
   * @param timeout how long to wait at most
   * @return {@code true} if that many were parked in time
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean awaitParkedPolls(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (parkedChanged) {
      while (parkedPolls() < count) {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) {
          return false;
        }
        parkedChanged.wait(remaining);
      }
      return true;
    }
  }

  private void signalParkedChange() {
    synchronized (parkedChanged) {
      parkedChanged.notifyAll();
    }
  }

  /**
   * @return the settings this bus runs with
   */
  public BusSettings settings() {
    return settings;
  }

  /** Answers every parked poll in every namespace and stops the timer. Idempotent. */
  @Override
  public void close() {
    closed = true;
    root.stop();
    namespaces.values().forEach(Namespace::stop);
    timer.shutdownNow();
  }
}
