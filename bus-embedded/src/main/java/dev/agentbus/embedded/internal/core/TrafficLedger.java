package dev.agentbus.embedded.internal.core;

import dev.agentbus.embedded.journal.MessageEvicted;
import dev.agentbus.embedded.journal.TrafficCounts;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * One namespace's exact counts and the identities of its newest evictions of unread messages: what
 * must outlive the journal's entries, since the journal gives up its oldest ones to stay within its
 * limit and the memory budget. Its own bytes are bounded ({@link TrafficCounts#MAX_EVICTIONS}, and
 * an eighth of a namespace's share of the budget, the newest identity always kept) and the
 * namespace counts them against the budget.
 *
 * <p>Not thread-safe: its namespace's lock guards it.
 */
final class TrafficLedger {

  /** An identity's record, its timestamps and deque slot, beyond its strings. */
  private static final long IDENTITY = 96;

  private final long maxEvictionBytes;
  private long sent;
  private long delivered;
  private long evicted;
  private long evictedAfterDelivery;
  private long droppedUndelivered;
  private long droppedByFault;
  private long lostInRestart;
  private long restarts;
  private long wireFaults;
  private long rejectedNotJournaled;

  /** Statuses the bus answers with: a handful of 4xx and 5xx codes, so a handful of keys. */
  private final Map<Integer, Long> rejected = new TreeMap<>();

  private final ArrayDeque<MessageEvicted> evictions = new ArrayDeque<>();
  private long evictionBytes;
  private long evictionsLeftOut;

  /**
   * @param namespaceShare the most bytes the namespace may hold; identities take at most an eighth
   */
  TrafficLedger(long namespaceShare) {
    this.maxEvictionBytes = Math.min(TrafficCounts.MAX_EVICTION_BYTES, namespaceShare / 8);
  }

  void sent() {
    sent++;
  }

  void delivered() {
    delivered++;
  }

  void droppedByFault() {
    droppedByFault++;
  }

  void lostInRestart() {
    lostInRestart++;
  }

  void restarted() {
    restarts++;
  }

  void wireFault() {
    wireFaults++;
  }

  void droppedUndelivered() {
    droppedUndelivered++;
  }

  /**
   * Counts a refused request.
   *
   * @param status the status answered
   * @param journaled whether the journal kept an entry for it
   */
  void rejected(int status, boolean journaled) {
    rejected.merge(status, 1L, Long::sum);
    if (!journaled) {
      rejectedNotJournaled++;
    }
  }

  /**
   * Counts an eviction and, for a message no poll had returned, keeps its identity, giving up the
   * oldest identities beyond the bounds.
   *
   * @param identity the eviction as journaled
   * @param wasDelivered whether a poll had returned the message
   * @return the change in bytes held, for the memory budget
   */
  long evicted(MessageEvicted identity, boolean wasDelivered) {
    if (wasDelivered) {
      evictedAfterDelivery++;
      return 0;
    }
    evicted++;
    long added = weight(identity);
    evictions.addLast(identity);
    evictionBytes += added;
    long freed = 0;
    while (evictions.size() > 1
        && (evictions.size() > TrafficCounts.MAX_EVICTIONS || evictionBytes > maxEvictionBytes)) {
      long oldest = weight(evictions.removeFirst());
      evictionBytes -= oldest;
      freed += oldest;
      evictionsLeftOut++;
    }
    return added - freed;
  }

  /**
   * @param asOfSeq the journal position the counts are taken at
   * @return the counts now
   */
  TrafficCounts snapshot(long asOfSeq) {
    return new TrafficCounts(
        asOfSeq,
        sent,
        delivered,
        evicted,
        evictedAfterDelivery,
        droppedUndelivered,
        rejected,
        rejectedNotJournaled,
        java.util.List.copyOf(evictions),
        evictionsLeftOut,
        droppedByFault,
        lostInRestart,
        restarts,
        wireFaults);
  }

  private static long weight(MessageEvicted identity) {
    return IDENTITY
        + MemoryBudget.of(identity.from())
        + MemoryBudget.of(identity.to())
        + MemoryBudget.of(identity.channel());
  }
}
