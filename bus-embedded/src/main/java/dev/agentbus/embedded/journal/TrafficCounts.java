package dev.agentbus.embedded.journal;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact counts of one namespace's traffic since it was created, kept beside the journal and never
 * dropped with its entries (immutable, so safe to share between threads): the journal is bounded
 * and gives up its oldest entries, these do not. So a report can say how many messages were sent,
 * delivered and lost even when their entries are gone, and a message the bus answered 200 is, for
 * as long as the bus runs, either still readable or counted here as evicted.
 *
 * <p>The identities of evicted messages are kept too, within bounds of their own: the newest
 * evictions that fit in {@link #MAX_EVICTIONS} and {@link #MAX_EVICTION_BYTES}, and a count of
 * those left out.
 *
 * @param asOfSeq the journal's next sequence number when the counts were taken: they count every
 *     entry before it and none from it on
 * @param sent messages the bus accepted
 * @param delivered messages at least one poll returned
 * @param evicted messages evicted from a full queue, or to make room in the memory budget, before
 *     any poll returned them: lost
 * @param evictedAfterDelivery messages evicted after a poll had returned them: queues keep read
 *     messages for later cursors, so this is how a busy queue makes room, and nothing is lost
 * @param droppedUndelivered {@code sent} entries the journal gave up while their message was queued
 *     and no poll had returned it yet: the journal can no longer say what became of those
 * @param rejected requests refused, by HTTP status, whether or not the journal kept them
 * @param rejectedNotJournaled refused requests counted but not journaled: refusals take at most
 *     {@link #MAX_REJECTED_ENTRIES} entries and never the room of accepted traffic
 * @param evictions the newest evictions of messages no poll had returned, oldest first, as the
 *     journal recorded them
 * @param evictionsLeftOut evictions of such messages whose identities were not kept, the oldest
 * @param droppedByFault messages accepted and then dropped on purpose by an in-bus fault a test
 *     asked for: never delivered, and not lost by the bus either
 * @param lostInRestart messages no poll had returned that a restart with its queues lost dropped,
 *     as a test asked: not lost by a bug of the bus
 * @param restarts restarts of the namespace a test asked for
 * @param wireFaults faults a proxy in front of the namespace injected on the wire, as its test
 *     reported them
 */
public record TrafficCounts(
    long asOfSeq,
    long sent,
    long delivered,
    long evicted,
    long evictedAfterDelivery,
    long droppedUndelivered,
    Map<Integer, Long> rejected,
    long rejectedNotJournaled,
    List<MessageEvicted> evictions,
    long evictionsLeftOut,
    long droppedByFault,
    long lostInRestart,
    long restarts,
    long wireFaults) {

  /** The most identities of evicted messages kept per namespace. */
  public static final int MAX_EVICTIONS = 1_000;

  /**
   * The most bytes those identities take, estimated like the memory budget counts them (two bytes a
   * character and a fixed cost each); they take at most an eighth of a namespace's share of the
   * budget too, and count against it. The newest is always kept.
   */
  public static final int MAX_EVICTION_BYTES = 512 * 1024;

  /**
   * The most refused requests a namespace's journal holds at once, in at most an eighth of the
   * namespace's share of the memory budget; a refusal is journaled only into room nothing else
   * needs (the journal below its limit, the budget not full), and counted always.
   */
  public static final int MAX_REJECTED_ENTRIES = 1_000;

  /**
   * Copies the collections, the statuses sorted, so that counts never change.
   *
   * @param asOfSeq the journal's next sequence number when the counts were taken: they count every
   *     entry before it and none from it on
   * @param sent messages the bus accepted
   * @param delivered messages at least one poll returned
   * @param evicted messages evicted from a full queue, or to make room in the memory budget, before
   *     any poll returned them: lost
   * @param evictedAfterDelivery messages evicted after a poll had returned them: queues keep read
   *     messages for later cursors, so this is how a busy queue makes room, and nothing is lost
   * @param droppedUndelivered {@code sent} entries the journal gave up while their message was
   *     queued and no poll had returned it yet: the journal can no longer say what became of those
   * @param rejected requests refused, by HTTP status, whether or not the journal kept them
   * @param rejectedNotJournaled refused requests counted but not journaled: refusals take at most
   *     {@link #MAX_REJECTED_ENTRIES} entries and never the room of accepted traffic
   * @param evictions the newest evictions of messages no poll had returned, oldest first, as the
   *     journal recorded them
   * @param evictionsLeftOut evictions of such messages whose identities were not kept, the oldest
   * @param droppedByFault messages accepted and then dropped on purpose by an in-bus fault
   * @param lostInRestart messages no poll had returned that a restart with its queues lost dropped
   * @param restarts restarts of the namespace a test asked for
   * @param wireFaults faults a proxy injected on the wire, as its test reported them
   */
  public TrafficCounts {
    rejected = rejected == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(rejected));
    evictions = evictions == null ? List.of() : List.copyOf(evictions);
  }

  /**
   * Counts of a bus without in-bus faults, or read from one that did not count them.
   *
   * @param asOfSeq the journal's next sequence number when the counts were taken
   * @param sent messages the bus accepted
   * @param delivered messages at least one poll returned
   * @param evicted messages evicted before any poll returned them
   * @param evictedAfterDelivery messages evicted after a poll had returned them
   * @param droppedUndelivered {@code sent} entries given up while their message was unread
   * @param rejected requests refused, by HTTP status
   * @param rejectedNotJournaled refused requests counted but not journaled
   * @param evictions the newest evictions of messages no poll had returned
   * @param evictionsLeftOut evictions of such messages whose identities were not kept
   */
  public TrafficCounts(
      long asOfSeq,
      long sent,
      long delivered,
      long evicted,
      long evictedAfterDelivery,
      long droppedUndelivered,
      Map<Integer, Long> rejected,
      long rejectedNotJournaled,
      List<MessageEvicted> evictions,
      long evictionsLeftOut) {
    this(
        asOfSeq,
        sent,
        delivered,
        evicted,
        evictedAfterDelivery,
        droppedUndelivered,
        rejected,
        rejectedNotJournaled,
        evictions,
        evictionsLeftOut,
        0,
        0,
        0,
        0);
  }

  /**
   * @return how many requests were refused in all
   */
  public long rejectedTotal() {
    long total = 0;
    for (long count : rejected.values()) {
      total += count;
    }
    return total;
  }

  /**
   * @return messages accepted that no poll has returned and that were neither evicted, dropped by a
   *     fault nor lost in a restart: still queued (or held back by a fault), unread
   */
  public long unread() {
    return Math.max(0, sent - delivered - evicted - droppedByFault - lostInRestart);
  }
}
