package dev.agentbus.embedded.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The system clock, until armed: then its next reading throws what it was armed with, on whatever
 * bus thread reads it. The bus reads its clock on the I/O threads (sends, polls) and on its timer
 * (long-poll timeouts), so this reaches code no request can break on purpose.
 */
public final class ArmedClock extends Clock {

  private final AtomicReference<Supplier<? extends Throwable>> armed = new AtomicReference<>();

  /** Makes the next reading, and only that one, throw {@code error}. */
  public void failNextReading(Supplier<? extends Throwable> error) {
    armed.set(error);
  }

  @Override
  public Instant instant() {
    Supplier<? extends Throwable> error = armed.getAndSet(null);
    if (error != null) {
      Throwable thrown = error.get();
      if (thrown instanceof Error e) {
        throw e;
      }
      throw (RuntimeException) thrown;
    }
    return Instant.now();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the bus reads instants only");
  }
}
