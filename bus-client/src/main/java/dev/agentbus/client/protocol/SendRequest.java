package dev.agentbus.client.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of {@code POST /send}.
 *
 * @param from the sender's name, non-empty
 * @param to the recipient's name, non-empty
 * @param msg the body, any Unicode text, may be empty
 * @param channel the channel; {@code null} leaves it out of the JSON, and the bus then puts the
 *     message on channel {@code default}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SendRequest(String from, String to, String msg, String channel) {}
