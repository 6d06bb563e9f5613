package dev.agentbus.embedded.internal.core;

import dev.agentbus.client.protocol.Timestamps;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A blocking poll waiting for its message. Not thread-safe: the owning {@link Namespace}'s lock
 * guards it, like the {@link ParkedPollRegistry} that holds it.
 */
final class WaitingPoll {
  final RecvQuery query;

  /** The channel it reads, or {@code null} for every channel. */
  final String readsChannel;

  final long sinceMicros;
  final Consumer<RecvOutcome> answer;

  /** Closes its connection without an answer, for a restart. */
  final Runnable cut;

  final long parkedAtNanos;
  final long parkedAtMicros;
  ScheduledFuture<?> timeout;

  WaitingPoll(
      RecvQuery query,
      String readsChannel,
      Consumer<RecvOutcome> answer,
      Runnable cut,
      long parkedAtNanos,
      long parkedAtMicros) {
    this.query = query;
    this.readsChannel = readsChannel;
    this.sinceMicros = Timestamps.floorMicros(query.since());
    this.answer = answer;
    this.cut = cut;
    this.parkedAtNanos = parkedAtNanos;
    this.parkedAtMicros = parkedAtMicros;
  }

  boolean reads(String channel) {
    return readsChannel == null || readsChannel.equals(channel);
  }

  /**
   * @return whether the message answers this poll
   */
  boolean wants(StoredMessage message) {
    return reads(message.channel()) && message.ts() > sinceMicros;
  }

  long waitedMillis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - parkedAtNanos);
  }
}
