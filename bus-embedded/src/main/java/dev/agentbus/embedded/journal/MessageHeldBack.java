package dev.agentbus.embedded.journal;

import java.math.BigDecimal;

/**
 * An in-bus fault held back a message the bus had just accepted: no poll sees it until {@code
 * until}, when it enters its queue with a new timestamp ({@link MessageReleased}).
 *
 * @param seq journal position
 * @param at when
 * @param ts the timestamp the sender was answered with
 * @param channel its channel
 * @param from its sender
 * @param to its recipient
 * @param until when it is due to enter its queue, bus time in seconds
 */
public record MessageHeldBack(
    long seq,
    BigDecimal at,
    BigDecimal ts,
    String channel,
    String from,
    String to,
    BigDecimal until)
    implements JournalEntry {}
