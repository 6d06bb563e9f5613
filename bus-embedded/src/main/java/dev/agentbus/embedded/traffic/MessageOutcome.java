package dev.agentbus.embedded.traffic;

import dev.agentbus.embedded.journal.MessageSent;
import java.util.List;

/**
 * One message and what became of it. The status, the receipts and the channels polled are the
 * reason as data; {@link #diagnosis()} is the same reason in words, derived from them.
 *
 * @param message the accepted send
 * @param status delivered, pending, or lost and why
 * @param receipts every poll that returned it, oldest first; more than one means it was read again
 * @param channelsPolled for {@link DeliveryStatus#CHANNEL_MISMATCH}, the channels its recipient
 *     polled instead, sorted; empty otherwise
 * @param diagnosis a plain sentence, e.g. {@code alice -> bob "ping" (channel default) was never
 *     delivered: bob only polled channel c-7}, with control characters escaped
 */
public record MessageOutcome(
    MessageSent message,
    DeliveryStatus status,
    List<Receipt> receipts,
    List<String> channelsPolled,
    String diagnosis) {

  /** Copies the lists so that an outcome never changes. */
  public MessageOutcome {
    receipts = List.copyOf(receipts);
    channelsPolled = List.copyOf(channelsPolled);
  }

  /**
   * @return {@code true} if more than one poll returned the message
   */
  public boolean deliveredMoreThanOnce() {
    return receipts.size() > 1;
  }
}
