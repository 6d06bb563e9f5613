package dev.agentbus.embedded.internal.core;

import dev.agentbus.embedded.journal.JournalEntry;
import java.util.ArrayDeque;
import java.util.function.LongFunction;

/**
 * What one namespace holds against the bus's {@link MemoryBudget}, and how it makes room: it gives
 * up its oldest journal entries first, then its oldest queued messages, and refuses a message that
 * would not fit even with all of that given up, since evicting would then lose traffic for nothing.
 * The bytes of the {@link TrafficLedger} count too, but making room never gives them up.
 *
 * <p>Not thread-safe, and no lock of its own: the owning {@link Namespace}'s lock guards every
 * call, so that a send, the evictions it makes room with and their journal entries are one step for
 * every poll.
 */
final class MemoryAccount {

  /** How a user gives the bus a larger budget, for refusals to say. */
  private static final String LARGER_BUDGET_HOW = " (a server option)";

  /** A queued message's object, its slot and its timestamp, beyond its strings. */
  private static final long MESSAGE = 64;

  /** Told of each queued message evicted to make room, to journal and count it. */
  interface Evictions {

    /**
     * Runs under the namespace's lock, in the middle of making room; it may journal through {@link
     * #append} and hold the ledger's bytes through {@link #holdLedger}.
     *
     * @param message the message evicted, no longer queued
     * @param wasRead whether a poll had returned it
     */
    void evicted(StoredMessage message, boolean wasRead);
  }

  private record Arrival(MessageQueue queue, long ts) {}

  private final MemoryBudget budget;
  private final LiveJournal journal;
  private final Evictions evictions;

  /** Every queued message in the order sent, to find the oldest one; stale once it is evicted. */
  private final ArrayDeque<Arrival> arrivals = new ArrayDeque<>();

  /** What the namespace holds against the budget. */
  private long heldBytes;

  /** The part of {@link #heldBytes} the ledger holds, which making room never gives up. */
  private long ledgerBytes;

  /** The part of {@link #heldBytes} messages held back by a fault hold, which cannot be evicted. */
  private long heldBackBytes;

  private boolean closed;

  MemoryAccount(MemoryBudget budget, LiveJournal journal, Evictions evictions) {
    this.budget = budget;
    this.journal = journal;
    this.evictions = evictions;
  }

  /**
   * @return the most one namespace may hold
   */
  long share() {
    return budget.namespaceShare();
  }

  /**
   * @param from sender
   * @param to recipient
   * @param msg body
   * @param channel the channel it lands on
   * @return the bytes the message takes while queued
   */
  static long queuedWeight(String from, String to, String msg, String channel) {
    return MESSAGE
        + MemoryBudget.of(from)
        + MemoryBudget.of(to)
        + MemoryBudget.of(msg)
        + MemoryBudget.of(channel);
  }

  /**
   * Makes room for {@code bytes} more, or refuses them.
   *
   * @param bytes what a message about to be accepted will take, its journal entry included
   * @throws BudgetExhaustedException if they cannot fit even with all this namespace may give up
   *     given up: then nothing was given up
   */
  void makeRoomFor(long bytes) {
    makeRoom(bytes, true);
  }

  /**
   * Gives up what it must for what is already held to fit: bookkeeping that was kept anyway, such
   * as a poll's journal entry, never refused.
   */
  void settle() {
    makeRoom(0, false);
  }

  /**
   * Counts a message now queued and remembers it as the newest, for eviction in order.
   *
   * @param queue where it is
   * @param message the message
   */
  void queued(MessageQueue queue, StoredMessage message) {
    hold(queuedWeight(message));
    arrivals.addLast(new Arrival(queue, message.ts()));
  }

  /**
   * Releases a message its queue gave up on its own (a full queue drops its oldest).
   *
   * @param message the message
   */
  void unqueued(StoredMessage message) {
    hold(-queuedWeight(message));
  }

  /**
   * Counts a message held back by a fault, as if it were queued: it cannot be evicted, but it is
   * bounded by the rules' hold times.
   *
   * @param message the message
   */
  void heldBack(StoredMessage message) {
    long weight = queuedWeight(message);
    heldBackBytes += weight;
    hold(weight);
  }

  /**
   * Releases what a held-back message counted, before it is queued (and counted) or discarded.
   *
   * @param message the message
   */
  void released(StoredMessage message) {
    long weight = queuedWeight(message);
    heldBackBytes -= weight;
    hold(-weight);
  }

  /**
   * Appends to the journal and counts what the entry costs.
   *
   * @param entry builds the entry from its sequence number
   * @param <E> the entry type
   * @return the entry appended
   */
  <E extends JournalEntry> E append(LongFunction<E> entry) {
    long before = journal.bytes();
    E appended = journal.append(entry);
    hold(journal.bytes() - before);
    return appended;
  }

  /**
   * Counts a change in the ledger's bytes, which making room never gives up.
   *
   * @param bytes the change
   */
  void holdLedger(long bytes) {
    ledgerBytes += bytes;
    hold(bytes);
  }

  /**
   * @param bytes an entry that nothing else needs room for, such as a refusal
   * @return whether it fits as things are, without giving anything up
   */
  boolean fitsAsIs(long bytes) {
    return budget.fits(bytes) && heldBytes + bytes <= budget.namespaceShare();
  }

  /**
   * Gives everything back: a stopped namespace is gone for the bus. Later changes count nothing.
   */
  void close() {
    closed = true;
    budget.add(-heldBytes);
    heldBytes = 0;
    heldBackBytes = 0;
    ledgerBytes = 0;
  }

  private void hold(long bytes) {
    if (!closed) {
      heldBytes += bytes;
      budget.add(bytes);
    }
  }

  /**
   * Gives up the oldest journal entries, then the oldest queued messages, until {@code needed} more
   * bytes fit in this namespace's share and in the whole budget.
   *
   * @param needed the bytes about to be kept
   * @param refuse throw when they cannot fit; otherwise keep them anyway (small bookkeeping)
   */
  private void makeRoom(long needed, boolean refuse) {
    long releasable = heldBytes - ledgerBytes;
    if (refuse
        && (needed > budget.namespaceShare() - ledgerBytes || !budget.fits(needed - releasable))) {
      // Even with all this namespace holds given up it would not fit: evicting would lose
      // messages and journal entries for nothing.
      throw new BudgetExhaustedException(refusal(needed));
    }
    while (!budget.fits(needed) || heldBytes + needed > budget.namespaceShare()) {
      long freed = journal.dropOldest();
      if (freed > 0) {
        hold(-freed);
      } else if (!evictOldestQueued()) {
        if (refuse) {
          throw new BudgetExhaustedException(refusal(needed));
        }
        return;
      }
    }
  }

  private boolean evictOldestQueued() {
    while (!arrivals.isEmpty()) {
      Arrival oldest = arrivals.pollFirst();
      StoredMessage head = oldest.queue().oldest();
      if (head != null && head.ts() == oldest.ts()) {
        boolean wasRead = oldest.queue().oldestRead();
        oldest.queue().removeOldest();
        unqueued(head);
        evictions.evicted(head, wasRead);
        return true;
      }
    }
    return false;
  }

  private String refusal(long needed) {
    if (needed > budget.namespaceShare() - ledgerBytes) {
      return "this message needs about "
          + needed
          + " bytes, more than a namespace's share of the bus's memory budget ("
          + budget.namespaceShare()
          + " bytes"
          + (ledgerBytes == 0
              ? ""
              : ", of which " + ledgerBytes + " keep the record of its evicted messages")
          + "); send it in chunks or start the bus with a larger memoryBudget"
          + LARGER_BUDGET_HOW;
    }
    if (heldBackBytes > 0 && heldBytes + needed > budget.namespaceShare()) {
      return "this namespace's share of the bus's memory budget ("
          + budget.namespaceShare()
          + " bytes) is full, "
          + heldBackBytes
          + " bytes of it messages held back by a fault, which cannot be evicted; clear the"
          + " rules (DELETE /ns/<id>/_bus/faults) and wait for the holds to end, restart the"
          + " namespace with its queues lost, or drop it (DELETE /ns/<id>/_bus/namespace)";
    }
    return "the bus's memory budget ("
        + budget.limit()
        + " bytes) is held by other namespaces; drop finished namespaces (DELETE"
        + " /ns/<id>/_bus/namespace) or start the bus with a larger memoryBudget"
        + LARGER_BUDGET_HOW;
  }

  private static long queuedWeight(StoredMessage message) {
    return queuedWeight(message.from(), message.to(), message.msg(), message.channel());
  }
}
