package dev.agentbus.embedded.internal.core;

/**
 * A message as the bus holds it.
 *
 * @param ts timestamp in microseconds, unique on the server
 * @param channel the channel it landed on
 * @param from sender
 * @param to recipient
 * @param msg body
 */
public record StoredMessage(long ts, String channel, String from, String to, String msg) {}
