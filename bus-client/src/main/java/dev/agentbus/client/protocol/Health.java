package dev.agentbus.client.protocol;

import java.math.BigDecimal;

/**
 * The answer to {@code GET /healthz}.
 *
 * @param ok {@code true} while the bus serves
 * @param now the bus clock
 */
public record Health(boolean ok, BigDecimal now) {}
