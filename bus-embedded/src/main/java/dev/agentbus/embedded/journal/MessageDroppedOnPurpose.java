package dev.agentbus.embedded.journal;

import java.math.BigDecimal;

/**
 * An in-bus fault dropped a message the bus had just accepted and answered 200: it was never
 * queued. Follows the message's {@link MessageSent}; not a bug of the bus but a test's request.
 *
 * @param seq journal position
 * @param at when
 * @param ts the timestamp the sender was answered with
 * @param channel its channel
 * @param from its sender
 * @param to its recipient
 */
public record MessageDroppedOnPurpose(
    long seq, BigDecimal at, BigDecimal ts, String channel, String from, String to)
    implements JournalEntry {}
