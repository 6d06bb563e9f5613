package dev.agentbus.client.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/**
 * One message as {@code GET /recv} returns it.
 *
 * @param ts when the bus accepted it, in seconds since the Unix epoch; unique on our bus
 * @param from the sender's name
 * @param msg the body, any Unicode text
 * @param channel the channel it travelled on; {@code null} when the bus does not report it (the
 *     reference server does not)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BusMessage(BigDecimal ts, String from, String msg, String channel) {}
