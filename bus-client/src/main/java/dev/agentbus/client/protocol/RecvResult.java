package dev.agentbus.client.protocol;

import java.math.BigDecimal;
import java.util.List;

/**
 * The answer to {@code GET /recv}.
 *
 * @param messages the matching messages, oldest first
 * @param now the cursor the bus vouches for: every message it accepts later has a larger {@code
 *     ts}. A client advances its {@code since} to {@code max(max(ts), now)}.
 */
public record RecvResult(List<BusMessage> messages, BigDecimal now) {

  /**
   * Copies the list so that a result never changes after it was built.
   *
   * @param messages the matching messages, oldest first
   * @param now the cursor the bus vouches for: every message it accepts later has a larger {@code
   *     ts}. A client advances its {@code since} to {@code max(max(ts), now)}.
   */
  public RecvResult {
    messages = List.copyOf(messages);
  }

  /**
   * The cursor a client should poll from next when it asked for {@code max} messages: the newest
   * message's {@code ts} when the answer is full (as many messages as {@code max}), because the
   * reference server then reports a {@code now} past messages it did not return; otherwise the
   * larger of the newest {@code ts} and {@code now}.
   *
   * @param since the cursor this result was polled with
   * @param max the {@code max} the poll asked for
   * @return the cursor to use for the next poll, never smaller than {@code since}
   */
  public BigDecimal nextSince(BigDecimal since, int max) {
    if (!messages.isEmpty() && messages.size() >= max) {
      BigDecimal next = since;
      for (BusMessage message : messages) {
        next = next.max(message.ts());
      }
      return next;
    }
    return nextSince(since);
  }

  /**
   * The protocol's cursor rule for an answer that was not cut at {@code max}: the larger of the
   * newest message's {@code ts} and {@code now}. Prefer {@link #nextSince(BigDecimal, int)}.
   *
   * @param since the cursor this result was polled with
   * @return the cursor to use for the next poll, never smaller than {@code since}
   */
  public BigDecimal nextSince(BigDecimal since) {
    BigDecimal next = since;
    for (BusMessage message : messages) {
      next = next.max(message.ts());
    }
    return now == null ? next : next.max(now);
  }
}
