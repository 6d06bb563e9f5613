package dev.agentbus.embedded.journal;

import java.math.BigDecimal;

/**
 * A message held back by an in-bus fault entered its queue. It is queued under {@code queuedTs},
 * the time it entered, so that a recipient whose cursor moved past later messages meanwhile still
 * reads it; a poll returning {@code queuedTs} counts as a delivery of the message sent at {@code
 * ts}.
 *
 * @param seq journal position
 * @param at when
 * @param ts the timestamp the sender was answered with
 * @param queuedTs the timestamp it is queued and returned under
 * @param channel its channel
 * @param from its sender
 * @param to its recipient
 */
public record MessageReleased(
    long seq,
    BigDecimal at,
    BigDecimal ts,
    BigDecimal queuedTs,
    String channel,
    String from,
    String to)
    implements JournalEntry {}
