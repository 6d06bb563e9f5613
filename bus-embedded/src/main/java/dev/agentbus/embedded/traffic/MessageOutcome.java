package dev.agentbus.embedded.traffic;

import dev.agentbus.embedded.journal.MessageSent;
import java.util.List;

/**
 * One message and what became of it.
 *
 * @param message the accepted send
 * @param status delivered, pending, or lost and why
 * @param receipts every poll that returned it, oldest first; more than one means it was read again
 * @param diagnosis a plain sentence, e.g. {@code alice -> bob "ping" (channel default) was never
 *     delivered: bob only polled channel c-7}
 */
public record MessageOutcome(
    MessageSent message, DeliveryStatus status, List<Receipt> receipts, String diagnosis) {

  /** Copies the receipts so that an outcome never changes. */
  public MessageOutcome {
    receipts = List.copyOf(receipts);
  }

  /**
   * @return {@code true} if more than one poll returned the message
   */
  public boolean deliveredMoreThanOnce() {
    return receipts.size() > 1;
  }
}
