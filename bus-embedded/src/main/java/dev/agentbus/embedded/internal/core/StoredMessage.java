package dev.agentbus.embedded.internal.core;

/**
 * A message as the bus holds it.
 *
 * @param ts timestamp in microseconds, unique on the server
 * @param channel the channel it landed on
 * @param from sender
 * @param to recipient
 * @param msg body
 * @param copy whether it is the second copy of a message an in-bus fault duplicated: reading it
 *     does not count as one more message delivered
 */
public record StoredMessage(
    long ts, String channel, String from, String to, String msg, boolean copy) {

  /**
   * A message as sent.
   *
   * @param ts timestamp in microseconds, unique on the server
   * @param channel the channel it landed on
   * @param from sender
   * @param to recipient
   * @param msg body
   */
  public StoredMessage(long ts, String channel, String from, String to, String msg) {
    this(ts, channel, from, to, msg, false);
  }

  /**
   * @param newTs the timestamp it is queued under
   * @param isCopy whether it is a duplicate's copy
   * @return this message under another timestamp
   */
  StoredMessage at(long newTs, boolean isCopy) {
    return new StoredMessage(newTs, channel, from, to, msg, isCopy);
  }
}
