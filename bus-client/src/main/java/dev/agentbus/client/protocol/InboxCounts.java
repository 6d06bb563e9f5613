package dev.agentbus.client.protocol;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The answer to {@code GET /inbox}.
 *
 * @param recipients per channel, per recipient, how many messages the bus holds
 * @param now the bus clock when the counts were taken
 */
public record InboxCounts(Map<String, Map<String, Integer>> recipients, BigDecimal now) {}
