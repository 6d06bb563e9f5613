/**
 * The agent-bus wire protocol as Java records, and the one JSON codec that the bus and every client
 * share.
 *
 * <p>Timestamps are {@link java.math.BigDecimal} seconds so that a client can hand back exactly the
 * text it received as {@code since}: a {@code double} cannot hold every microsecond of a current
 * Unix time, and a cursor that drifts by one microsecond either repeats or skips a message.
 */
package dev.agentbus.client.protocol;
