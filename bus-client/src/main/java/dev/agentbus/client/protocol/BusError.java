package dev.agentbus.client.protocol;

/**
 * The body of every 4xx answer.
 *
 * @param error a plain sentence naming what was wrong with the request
 */
public record BusError(String error) {}
