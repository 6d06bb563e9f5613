package dev.agentbus.embedded.journal;

import java.math.BigDecimal;

/**
 * Blocking {@code GET /recv}s of one recipient on one channel that the bus holds right now: the
 * recipient is listening there. Polls of the same recipient asking for the same channel are listed
 * once, with how many they are.
 *
 * @param at when the longest-waiting of them parked, bus time in seconds since the epoch
 * @param to the recipient polled for
 * @param channel the channel asked for, or {@code null} when the polls named none
 * @param readsChannel the channel they read, or {@code null} when they read every channel (a
 *     channel-less poll on a bus in {@code all} mode)
 * @param since the smallest cursor among them: each returns only messages with a later {@code ts}
 * @param count how many such polls are parked, at least 1
 */
public record ParkedPoll(
    BigDecimal at, String to, String channel, String readsChannel, BigDecimal since, int count) {

  /**
   * @param channel a channel
   * @return whether these polls read it, and would return a message there that is newer than their
   *     cursor
   */
  public boolean reads(String channel) {
    return readsChannel == null || readsChannel.equals(channel);
  }
}
