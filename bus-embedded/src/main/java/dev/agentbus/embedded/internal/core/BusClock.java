package dev.agentbus.embedded.internal.core;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bus clock: wall-clock microseconds, made strictly increasing for message timestamps and never
 * running backwards, even when the wall clock does.
 *
 * <p>One clock serves the whole server, so no two messages share a timestamp in any namespace.
 * Every value handed out, timestamp or {@code now}, raises a floor; later timestamps lie above it.
 * That is what lets a poll's {@code now} vouch for every message accepted after it. Thread-safe and
 * lock-free.
 */
public final class BusClock {

  private final Clock wallClock;
  private final AtomicLong floor = new AtomicLong(Long.MIN_VALUE);

  /**
   * @param wallClock the source of wall time; tests pass one that jumps backwards
   */
  public BusClock(Clock wallClock) {
    this.wallClock = wallClock;
  }

  /**
   * A timestamp for a new message: larger than every value this clock handed out before.
   *
   * @return microseconds since the epoch
   */
  public long nextTimestamp() {
    while (true) {
      long previous = floor.get();
      long next = Math.max(previous + 1, wallMicros());
      if (floor.compareAndSet(previous, next)) {
        return next;
      }
    }
  }

  /**
   * The current time as a cursor: every later {@link #nextTimestamp()} is larger than it.
   *
   * @return microseconds since the epoch, never smaller than an earlier answer
   */
  public long now() {
    while (true) {
      long previous = floor.get();
      long now = Math.max(previous, wallMicros());
      if (now == previous || floor.compareAndSet(previous, now)) {
        return now;
      }
    }
  }

  private long wallMicros() {
    Instant instant = wallClock.instant();
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }
}
