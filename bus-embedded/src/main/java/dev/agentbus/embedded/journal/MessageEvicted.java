package dev.agentbus.embedded.journal;

import java.math.BigDecimal;

/**
 * A full queue dropped its oldest message to make room for a new one.
 *
 * @param seq journal position
 * @param at when
 * @param ts the timestamp of the message dropped
 * @param channel its channel
 * @param from its sender
 * @param to its recipient
 */
public record MessageEvicted(
    long seq, BigDecimal at, BigDecimal ts, String channel, String from, String to)
    implements JournalEntry {}
