package dev.agentbus.embedded.traffic;

import java.math.BigDecimal;

/**
 * One poll that returned a message.
 *
 * @param pollSeq the journal sequence number of the poll
 * @param at when the poll was answered, bus seconds
 * @param afterMillis how long after the send the message was returned
 * @param channel the channel the poll asked for, or {@code null} when it named none
 */
public record Receipt(long pollSeq, BigDecimal at, double afterMillis, String channel) {}
