package dev.agentbus.embedded.internal.core;

import java.util.List;

/**
 * What a poll returns.
 *
 * @param messages matching messages, oldest first
 * @param now the cursor in microseconds: the last message's {@code ts} when the answer was cut at
 *     {@code max}, else a time after which every accepted message has a larger {@code ts}
 */
public record RecvOutcome(List<StoredMessage> messages, long now) {}
