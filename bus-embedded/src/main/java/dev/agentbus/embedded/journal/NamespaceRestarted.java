package dev.agentbus.embedded.journal;

import dev.agentbus.embedded.faults.RestartQueues;
import java.math.BigDecimal;

/**
 * A test restarted the namespace, as if its process died and came back on the same port: its parked
 * polls had their connections closed without an answer, and for {@code downForMillis} every request
 * to it had its connection closed too. Not a bug of the bus but a test's request.
 *
 * @param seq journal position
 * @param at when the namespace went down
 * @param queues whether its queued and held-back messages were kept or lost
 * @param messagesLost messages no poll had returned that the restart dropped, each journaled as a
 *     {@link MessageLostInRestart} before this entry; 0 when the queues were kept
 * @param pollsCut parked polls whose connections were closed
 * @param downForMillis how long every request to the namespace had its connection closed
 */
public record NamespaceRestarted(
    long seq,
    BigDecimal at,
    RestartQueues queues,
    long messagesLost,
    int pollsCut,
    long downForMillis)
    implements JournalEntry {}
