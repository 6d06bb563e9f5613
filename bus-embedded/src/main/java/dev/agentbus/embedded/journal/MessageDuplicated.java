package dev.agentbus.embedded.journal;

import java.math.BigDecimal;

/**
 * An in-bus fault queued a message twice: the copy has the next, later timestamp, so a recipient
 * that keeps its cursor by {@code ts} reads the message twice. A poll returning the copy counts as
 * a delivery of the message.
 *
 * @param seq journal position
 * @param at when
 * @param ts the message's timestamp, as its {@link MessageSent} has it
 * @param copyTs the copy's timestamp
 * @param channel its channel
 * @param from its sender
 * @param to its recipient
 */
public record MessageDuplicated(
    long seq,
    BigDecimal at,
    BigDecimal ts,
    BigDecimal copyTs,
    String channel,
    String from,
    String to)
    implements JournalEntry {}
