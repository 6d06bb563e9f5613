package dev.agentbus.embedded.internal.core;

import dev.agentbus.embedded.options.BusInfo;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.options.ServerOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The bus without its HTTP face: one clock, one timer for long-poll timeouts, and the root
 * namespace plus any number of isolated ones, created explicitly with their own options or by their
 * first protocol request with the bus's defaults. Nothing else creates a namespace.
 *
 * <p>Thread-safe. Parked polls cost a queue entry and a timer task each, never a thread.
 */
public final class Bus implements AutoCloseable {

  private static final Pattern NAMESPACE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** What a namespace id may be, in words, for error messages. */
  public static final String NAMESPACE_ID_RULE =
      "namespace id must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or"
          + " digit";

  private final NamespaceOptions defaults;
  private final MemoryBudget budget;
  private final int maxNamespaces;
  private final String version = BusVersion.read();
  private final BusClock clock;
  private final ScheduledThreadPoolExecutor timer;
  private final Namespace root;
  private final ConcurrentMap<String, Namespace> namespaces = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private volatile Consumer<Namespace> dropListener = dropped -> {};
  private volatile Consumer<Namespace> createListener = created -> {};

  /** Notified whenever a poll parks or unparks anywhere, for {@link #awaitParkedPolls}. */
  private final Object parkedChanged = new Object();

  /**
   * @param defaults the options of the root namespace and of namespaces created on first use
   * @param wallClock the wall clock the timestamps follow
   */
  public Bus(NamespaceOptions defaults, Clock wallClock) {
    this(
        defaults,
        wallClock,
        new BusThreadGroup(new FatalErrors()),
        new MemoryBudget(MemoryBudget.defaultLimit()),
        (Integer) ServerOption.MAX_NAMESPACES.defaultValue().orElseThrow());
  }

  /**
   * @param defaults the options of the root namespace and of namespaces created on first use
   * @param wallClock the wall clock the timestamps follow
   * @param threads the group the bus's own threads run in; its fatal errors fail the bus
   * @param budget what all namespaces together may keep, in bytes
   * @param maxNamespaces the most namespaces that may exist at once, not counting the root
   */
  public Bus(
      NamespaceOptions defaults,
      Clock wallClock,
      BusThreadGroup threads,
      MemoryBudget budget,
      int maxNamespaces) {
    this.defaults = defaults;
    this.budget = budget;
    this.maxNamespaces = maxNamespaces;
    this.clock = new BusClock(wallClock);
    this.timer = new BusTimer(threads, threads.fatalErrors());
    this.root = new Namespace("", clock, defaults, timer, budget, this::signalParkedChange);
  }

  /**
   * @return the most namespaces that may exist at once, not counting the root
   */
  public int maxNamespaces() {
    return maxNamespaces;
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
   * The namespace {@code id} for a protocol request: created with the bus's defaults if no request
   * or caller created it yet, so that ad-hoc agents need no set-up.
   *
   * @param id a namespace id
   * @return the namespace
   * @throws IllegalArgumentException if the id is not valid
   */
  public Namespace namespaceForRequest(String id) {
    return namespaces.computeIfAbsent(checkedId(id), key -> newNamespace(key, defaults));
  }

  /**
   * Creates a namespace with its own options.
   *
   * @param id a namespace id
   * @param options its options
   * @return the namespace, and whether this call created it
   * @throws IllegalArgumentException if the id is not valid
   * @throws dev.agentbus.embedded.options.NamespaceConflictException if it exists with other
   *     options
   */
  public Creation createNamespace(String id, NamespaceOptions options) {
    boolean[] created = {false};
    Namespace namespace =
        namespaces.computeIfAbsent(
            checkedId(id),
            key -> {
              created[0] = true;
              return newNamespace(key, options);
            });
    if (!created[0] && !namespace.options().equals(options)) {
      throw new dev.agentbus.embedded.options.NamespaceConflictException(
          "namespace '"
              + id
              + "' already exists with other options ("
              + describe(namespace.options())
              + "); drop it first or pick another id");
    }
    return new Creation(namespace, created[0]);
  }

  /**
   * A namespace and whether the call that returned it created it.
   *
   * @param namespace the namespace
   * @param created {@code true} if it did not exist before
   */
  public record Creation(Namespace namespace, boolean created) {}

  private Namespace newNamespace(String id, NamespaceOptions options) {
    // Checked inside computeIfAbsent: a bound that concurrent creations cannot overshoot by more
    // than the threads racing.
    if (namespaces.size() >= maxNamespaces) {
      throw new TooManyNamespacesException(maxNamespaces);
    }
    Namespace created = new Namespace(id, clock, options, timer, budget, this::signalParkedChange);
    if (closed) {
      created.stop(); // a stopped bus answers at once and parks nothing
    }
    // Before the namespace is in the map: no request can use it, and no one drop it, before its
    // listener knows it.
    createListener.accept(created);
    return created;
  }

  private static String checkedId(String id) {
    if (!isValidNamespaceId(id)) {
      throw new IllegalArgumentException(NAMESPACE_ID_RULE + ", got '" + id + "'");
    }
    return id;
  }

  private static String describe(NamespaceOptions options) {
    return "channellessRecv="
        + options.channellessRecv().name().toLowerCase(java.util.Locale.ROOT)
        + ", waf="
        + options.waf()
        + ", token="
        + (options.token() == null ? "none" : "set")
        + ", maxQueue="
        + options.maxQueue()
        + ", recvTimeout="
        + options.recvTimeout().toMillis()
        + " ms, journalLimit="
        + options.journalLimit();
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
      dropListener.accept(dropped);
    }
    return dropped != null;
  }

  /**
   * Drops a namespace only if {@code id} still names this very instance: a handle to a namespace
   * that was dropped and created anew must not drop its successor.
   *
   * @param id a namespace id
   * @param expected the instance to drop
   * @return {@code true} if it was dropped by this call
   */
  public boolean dropNamespace(String id, Namespace expected) {
    if (!namespaces.remove(id, expected)) {
      return false;
    }
    expected.stop();
    dropListener.accept(expected);
    return true;
  }

  /**
   * @param listener told of each namespace dropped, once it stopped (its journal stays readable),
   *     on the thread that dropped it; it must return quickly and not throw
   */
  public void onNamespaceDropped(Consumer<Namespace> listener) {
    this.dropListener = java.util.Objects.requireNonNull(listener, "listener");
  }

  /**
   * @param listener told of each namespace created, before any request can use it or drop it, on
   *     the thread that creates it and while the namespace table is locked for its id; it must
   *     return quickly, not throw, and neither create nor drop a namespace
   */
  public void onNamespaceCreated(Consumer<Namespace> listener) {
    this.createListener = java.util.Objects.requireNonNull(listener, "listener");
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
   * @return the memory budget all namespaces share
   */
  public MemoryBudget budget() {
    return budget;
  }

  /**
   * Describes the bus and one of its namespaces.
   *
   * @param namespace the namespace described (the root, or one of this bus's)
   * @return the description
   */
  public BusInfo info(Namespace namespace) {
    return new BusInfo(
        version,
        namespace.id(),
        namespace.options(),
        defaults,
        namespaces.size(),
        namespace.parkedPolls(),
        namespace.journal().nextSeq(),
        namespace.journal().dropped(),
        budget.used(),
        budget.limit());
  }

  /**
   * @return the options of the root namespace and of namespaces created on first use
   */
  public NamespaceOptions defaults() {
    return defaults;
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
