package dev.agentbus.embedded.journal;

import java.math.BigDecimal;

/**
 * The bus accepted a message.
 *
 * @param seq journal position
 * @param at the message's timestamp, which is also when it was accepted
 * @param channel the channel it landed on
 * @param channelGiven {@code false} when the sender named no channel and the bus put the message on
 *     {@code default}: the classic misconfiguration
 * @param from the sender
 * @param to the recipient
 * @param msg the body
 * @param bytes the body's size in UTF-8 bytes
 * @param userAgent the sender's {@code User-Agent}, or {@code null}
 */
public record MessageSent(
    long seq,
    BigDecimal at,
    String channel,
    boolean channelGiven,
    String from,
    String to,
    String msg,
    int bytes,
    String userAgent)
    implements JournalEntry {

  /**
   * @return the message's timestamp, the {@code ts} recipients see
   */
  public BigDecimal ts() {
    return at;
  }
}
