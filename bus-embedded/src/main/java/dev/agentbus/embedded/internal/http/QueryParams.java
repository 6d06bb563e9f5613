package dev.agentbus.embedded.internal.http;

import io.undertow.server.HttpServerExchange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads query parameters, refusing anything badly escaped, repeated or out of bounds with a clear
 * 400 that echoes the value cut to a bounded size.
 */
final class QueryParams {

  private final Map<String, Deque<String>> params;

  /**
   * @throws Rejection 400 when a name or value has a bad percent-escape or is not UTF-8
   */
  QueryParams(HttpServerExchange exchange) throws Rejection {
    Map<String, Deque<String>> decoded = new HashMap<>();
    for (Map.Entry<String, Deque<String>> raw : exchange.getQueryParameters().entrySet()) {
      Deque<String> values =
          decoded.computeIfAbsent(
              decode("name", raw.getKey(), raw.getKey()), k -> new ArrayDeque<>());
      for (String value : raw.getValue()) {
        values.add(decode("value", raw.getKey(), value));
      }
    }
    this.params = decoded;
  }

  private static String decode(String part, String name, String raw) throws Rejection {
    try {
      return PercentDecoding.queryPart(raw);
    } catch (IllegalArgumentException e) {
      throw new Rejection(
          400,
          "query parameter "
              + part
              + " '"
              + BoundedText.cut(part.equals("name") ? raw : name + "=" + raw)
              + "' cannot be decoded: "
              + e.getMessage());
    }
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
        BigDecimal seconds = new BigDecimal(text);
        // At most 9 digits after the point: rounding 1e-99999999 to the millisecond would take
        // the thread minutes of arithmetic.
        if (seconds.signum() >= 0
            && seconds.scale() <= 9
            && seconds.compareTo(BigDecimal.valueOf(maxSeconds)) <= 0) {
          return seconds.movePointRight(3).setScale(0, RoundingMode.CEILING).longValue();
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new Rejection(
        400,
        String.format(
            Locale.ROOT,
            "query parameter \"%s\" must be a number of seconds from 0 to %d, with at most 9 digits"
                + " after the point, got '%s'",
            name,
            maxSeconds,
            BoundedText.cut(text)));
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
