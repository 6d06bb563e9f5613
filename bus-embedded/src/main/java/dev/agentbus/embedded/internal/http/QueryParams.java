package dev.agentbus.embedded.internal.http;

import io.undertow.server.HttpServerExchange;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;

/**
 * Reads query parameters, refusing anything repeated or out of bounds with a clear 400 that echoes
 * the value cut to a bounded size.
 */
final class QueryParams {

  private final Map<String, Deque<String>> params;

  QueryParams(HttpServerExchange exchange) {
    this.params = exchange.getQueryParameters();
  }

  /**
   * @return the parameter's value, or {@code null} when absent or empty
   * @throws Rejection 400 when the parameter is repeated: a client that sends {@code to=a&to=b} has
   *     a bug, and reading either value silently would hide it
   */
  String text(String name) throws Rejection {
    Deque<String> values = params.get(name);
    if (values != null && values.size() > 1) {
      throw new Rejection(
          400,
          "query parameter \""
              + name
              + "\" is given "
              + values.size()
              + " times ("
              + BoundedText.cut(String.join(", ", values))
              + "); give it once");
    }
    String value = values == null ? null : values.peekFirst();
    return value == null || value.isEmpty() ? null : value;
  }

  long number(String name, long min, long max, long absent) throws Rejection {
    String text = text(name);
    if (text == null) {
      return absent;
    }
    try {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new Rejection(
        400,
        String.format(
            Locale.ROOT,
            "query parameter \"%s\" must be a whole number from %d to %d, got '%s'",
            name,
            min,
            max,
            BoundedText.cut(text)));
  }

  /**
   * Reads a duration in decimal seconds ({@code 1}, {@code 0.25}), to the millisecond.
   *
   * @return milliseconds
   */
  long seconds(String name, long maxSeconds, long absentMillis) throws Rejection {
    String text = text(name);
    if (text == null) {
      return absentMillis;
    }
    if (text.length() <= 16) {
      try {
        java.math.BigDecimal seconds = new java.math.BigDecimal(text);
        if (seconds.signum() >= 0
            && seconds.compareTo(java.math.BigDecimal.valueOf(maxSeconds)) <= 0) {
          return seconds.movePointRight(3).setScale(0, java.math.RoundingMode.CEILING).longValue();
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new Rejection(
        400,
        String.format(
            Locale.ROOT,
            "query parameter \"%s\" must be a number of seconds from 0 to %d, got '%s'",
            name,
            maxSeconds,
            text));
  }

  boolean flag(String name) throws Rejection {
    String text = text(name);
    if (text == null) {
      return false;
    }
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new Rejection(
              400,
              "query parameter \""
                  + name
                  + "\" must be true or false, got '"
                  + BoundedText.cut(text)
                  + "'");
    };
  }
}
