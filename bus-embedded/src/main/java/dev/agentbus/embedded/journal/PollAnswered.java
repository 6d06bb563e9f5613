package dev.agentbus.embedded.journal;

import java.math.BigDecimal;
import java.util.List;

/**
 * The bus answered a {@code GET /recv}, or gave up on it because the client went away.
 *
 * @param seq journal position
 * @param at when the answer was made
 * @param to the recipient polled for
 * @param channel the channel asked for, or {@code null} when the poll named none
 * @param readsChannel the channel the poll read, or {@code null} when it read every channel (a
 *     channel-less poll on a bus in {@code all} mode)
 * @param since the cursor sent
 * @param block whether it asked to wait
 * @param max the most messages it accepted
 * @param returned the timestamps of the messages returned, oldest first
 * @param now the cursor returned
 * @param waitedMillis how long the poll was parked before the answer
 * @param clientGone {@code true} when the client disconnected while parked; it received nothing
 * @param userAgent the poller's {@code User-Agent}, or {@code null}
 */
public record PollAnswered(
    long seq,
    BigDecimal at,
    String to,
    String channel,
    String readsChannel,
    BigDecimal since,
    boolean block,
    int max,
    List<BigDecimal> returned,
    BigDecimal now,
    long waitedMillis,
    boolean clientGone,
    String userAgent)
    implements JournalEntry {

  /**
   * Copies the list so that an entry never changes.
   *
   * @param seq journal position
   * @param at when the answer was made
   * @param to the recipient polled for
   * @param channel the channel asked for, or {@code null} when the poll named none
   * @param readsChannel the channel the poll read, or {@code null} when it read every channel (a
   *     channel-less poll on a bus in {@code all} mode)
   * @param since the cursor sent
   * @param block whether it asked to wait
   * @param max the most messages it accepted
   * @param returned the timestamps of the messages returned, oldest first
   * @param now the cursor returned
   * @param waitedMillis how long the poll was parked before the answer
   * @param clientGone {@code true} when the client disconnected while parked; it received nothing
   * @param userAgent the poller's {@code User-Agent}, or {@code null}
   */
  public PollAnswered {
    returned = List.copyOf(returned);
  }
}
