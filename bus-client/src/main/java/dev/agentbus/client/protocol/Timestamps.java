package dev.agentbus.client.protocol;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Conversions between the protocol's decimal seconds and the integral microseconds a bus keeps.
 *
 * <p>All conversions are exact: no value passes through a {@code double}.
 */
public final class Timestamps {

  /** Seconds with more integer digits than this are beyond any clock and are clamped. */
  private static final int MAX_INTEGER_DIGITS = 15;

  private Timestamps() {}

  /**
   * Renders microseconds as decimal seconds with six fractional digits.
   *
   * @param micros microseconds since the Unix epoch
   * @return the same instant in seconds, e.g. {@code 1764080273.123456}
   */
  public static BigDecimal fromMicros(long micros) {
    return BigDecimal.valueOf(micros, 6);
  }

  /**
   * The largest whole microsecond not after {@code seconds}: a message with timestamp {@code t}
   * microseconds lies after {@code seconds} exactly when {@code t > floorMicros(seconds)}.
   *
   * @param seconds decimal seconds, any precision or magnitude
   * @return microseconds, clamped to the {@code long} range for absurd magnitudes
   */
  public static long floorMicros(BigDecimal seconds) {
    if (seconds.precision() - seconds.scale() > MAX_INTEGER_DIGITS) {
      return seconds.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return seconds.movePointRight(6).setScale(0, RoundingMode.FLOOR).longValueExact();
  }
}
