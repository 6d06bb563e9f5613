package dev.agentbus.embedded.journal;

import java.math.BigDecimal;

/**
 * A restart a test asked for, with its queues lost ({@link NamespaceRestarted}), dropped a message
 * that no poll had returned: queued, or held back by an in-bus fault. Not a bug of the bus.
 *
 * @param seq journal position
 * @param at when
 * @param ts the timestamp it was queued under: its sender's, or the one it entered its queue with
 *     after an in-bus fault held it back ({@link MessageReleased#queuedTs()})
 * @param channel its channel
 * @param from its sender
 * @param to its recipient
 */
public record MessageLostInRestart(
    long seq, BigDecimal at, BigDecimal ts, String channel, String from, String to)
    implements JournalEntry {}
