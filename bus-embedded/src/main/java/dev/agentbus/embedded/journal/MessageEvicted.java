package dev.agentbus.embedded.journal;

import java.math.BigDecimal;

/**
 * The bus dropped a queued message: its queue was full and a new message took its place, or the
 * memory budget needed the room.
 *
 * @param seq journal position
 * @param at when
 * @param ts the timestamp of the message dropped
 * @param channel its channel
 * @param from its sender
 * @param to its recipient
 * @param cause why it was dropped; {@code null} in journals written before the cause was recorded
 */
public record MessageEvicted(
    long seq, BigDecimal at, BigDecimal ts, String channel, String from, String to, Cause cause)
    implements JournalEntry {

  /** Why a message was evicted. */
  public enum Cause {
    /** Its queue held {@code maxQueue} messages and a new one arrived. */
    QUEUE_FULL,
    /** Its namespace had to make room in the bus's memory budget for newer traffic. */
    MEMORY_BUDGET
  }

  /**
   * An eviction whose cause is not known, as journals written before it was recorded read.
   *
   * @param seq journal position
   * @param at when
   * @param ts the timestamp of the message dropped
   * @param channel its channel
   * @param from its sender
   * @param to its recipient
   */
  public MessageEvicted(
      long seq, BigDecimal at, BigDecimal ts, String channel, String from, String to) {
    this(seq, at, ts, channel, from, to, null);
  }
}
