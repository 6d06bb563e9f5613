package dev.agentbus.embedded.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BusClockTest {

  /** A wall clock the test moves by hand. */
  static final class SettableClock extends Clock {
    final AtomicReference<Instant> instant;

    SettableClock(Instant start) {
      this.instant = new AtomicReference<>(start);
    }

    void set(Instant to) {
      instant.set(to);
    }

    @Override
    public Instant instant() {
      return instant.get();
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void timestampsFollowTheWallClockInMicroseconds() {
    BusClock clock =
        new BusClock(new SettableClock(Instant.ofEpochSecond(1_764_000_000, 123_456_789)));

    assertThat(clock.nextTimestamp()).isEqualTo(1_764_000_000_123_456L);
  }

  @Test
  void timestampsTakenInTheSameMicrosecondStillIncrease() {
    BusClock clock = new BusClock(new SettableClock(Instant.ofEpochSecond(1_764_000_000)));

    long first = clock.nextTimestamp();

    assertThat(clock.nextTimestamp()).isEqualTo(first + 1);
  }

  @Test
  void timestampsKeepIncreasingWhenTheWallClockGoesBackwards() {
    SettableClock wall = new SettableClock(Instant.ofEpochSecond(1_764_000_000));
    BusClock clock = new BusClock(wall);
    long before = clock.nextTimestamp();

    wall.set(Instant.ofEpochSecond(1_763_999_000));

    assertThat(clock.nextTimestamp()).isGreaterThan(before);
    assertThat(clock.now()).isGreaterThanOrEqualTo(before);
  }

  @Test
  void aTimestampTakenAfterNowIsLargerThanNow() {
    BusClock clock = new BusClock(new SettableClock(Instant.ofEpochSecond(1_764_000_000)));

    long now = clock.now();

    assertThat(clock.nextTimestamp()).isGreaterThan(now);
  }
}
