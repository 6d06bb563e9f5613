package dev.agentbus.client.protocol;

import java.math.BigDecimal;

/**
 * The answer to an accepted {@code POST /send}.
 *
 * @param ok always {@code true} on success
 * @param ts the timestamp the bus gave the message
 * @param channel the channel the message landed on ({@code default} when none was sent)
 */
public record SendAck(boolean ok, BigDecimal ts, String channel) {}
