package dev.agentbus.embedded.internal.core;

import java.math.BigDecimal;

/**
 * A validated {@code GET /recv}.
 *
 * @param to the recipient
 * @param channel the channel the client asked for, or {@code null} when it named none
 * @param since the cursor exactly as sent
 * @param block whether to park until a message arrives
 * @param max the most messages to return, positive
 * @param userAgent the client's user agent, for the journal; may be {@code null}
 */
public record RecvQuery(
    String to, String channel, BigDecimal since, boolean block, int max, String userAgent) {}
