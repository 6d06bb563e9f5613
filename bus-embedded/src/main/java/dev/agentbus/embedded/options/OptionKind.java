package dev.agentbus.embedded.options;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kinds of value a {@link ServerOption} takes, each with the one parser, check and spelling
 * every front end uses. A parse failure is an {@link IllegalArgumentException} whose message is the
 * rule, without the option's name: {@link ServerOption} adds it.
 */
public enum OptionKind {
  /** Text that must not be blank, e.g. an address. */
  TEXT("an address") {
    @Override
    Object checkValue(ServerOption option, Object value) {
      String text = ((String) value).strip();
      if (text.isEmpty()) {
        throw new IllegalArgumentException(rule(option));
      }
      return text;
    }

    @Override
    String rule(ServerOption option) {
      return "must not be empty";
    }
  },
  /** A URL path; empty for the root. */
  PATH("a path") {
    @Override
    Object checkValue(ServerOption option, Object value) {
      String trimmed = ((String) value).strip();
      while (trimmed.endsWith("/")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      return trimmed.isEmpty() || trimmed.startsWith("/") ? trimmed : "/" + trimmed;
    }

    @Override
    String rule(ServerOption option) {
      return "must be a path such as /agent-bus";
    }

    @Override
    String format(Object value) {
      return ((String) value).isEmpty() ? "/" : (String) value;
    }
  },
  /** A bearer token: visible ASCII characters. Refusals never repeat the value. */
  TOKEN("a token") {
    @Override
    Object checkValue(ServerOption option, Object value) {
      String problem = BearerTokens.problem((String) value);
      if (problem != null) {
        throw new IllegalArgumentException(
            problem
                + ": leave it out to require none, or give a token of visible ASCII characters");
      }
      return value;
    }

    @Override
    String rule(ServerOption option) {
      return "must be a token of visible ASCII characters, or absent to require none";
    }
  },
  /** A whole number within the option's bounds. */
  COUNT("a number") {
    @Override
    Object parseText(ServerOption option, String text) {
      try {
        return checkValue(option, Long.parseLong(text));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(rule(option));
      }
    }

    @Override
    Object checkValue(ServerOption option, Object value) {
      return (int) wholeNumberWithinBounds(option, value);
    }

    @Override
    String rule(ServerOption option) {
      return "must be a whole number from " + option.min() + " to " + option.max();
    }
  },
  /** A size in bytes: a whole number, or one with a binary unit. */
  BYTES("a size") {
    @Override
    Object parseText(ServerOption option, String text) {
      Matcher size = SIZE.matcher(text);
      if (!size.matches()) {
        throw new IllegalArgumentException(rule(option));
      }
      try {
        long number = Long.parseLong(size.group(1));
        return checkValue(option, Math.multiplyExact(number, unit(size.group(2))));
      } catch (ArithmeticException | NumberFormatException e) {
        throw new IllegalArgumentException(rule(option));
      }
    }

    @Override
    Object checkValue(ServerOption option, Object value) {
      return wholeNumberWithinBounds(option, value);
    }

    @Override
    String rule(ServerOption option) {
      return "must be a number of bytes, at least "
          + option.min()
          + (option.max() < Long.MAX_VALUE ? " and at most " + option.max() : "")
          + ", plain (268435456) or with a unit (64KiB, 256MiB, 1GiB, or 256m as -Xmx takes it)";
    }

    @Override
    String format(Object value) {
      long bytes = (Long) value;
      String[] units = {"GiB", "MiB", "KiB"};
      for (int i = 0; i < units.length; i++) {
        long unit = 1L << (10 * (3 - i));
        if (bytes != 0 && bytes % unit == 0) {
          return bytes / unit + units[i];
        }
      }
      return Long.toString(bytes);
    }
  },
  /** A duration above 0 and at most a day: decimal seconds, or a number with a unit. */
  DURATION("a duration") {
    @Override
    Object parseText(ServerOption option, String text) {
      Matcher duration = DURATION_TEXT.matcher(text);
      if (!duration.matches()) {
        throw new IllegalArgumentException(rule(option));
      }
      BigDecimal number = new BigDecimal(duration.group(1));
      BigDecimal seconds =
          switch (duration.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> number.movePointLeft(3);
            case "m" -> number.multiply(BigDecimal.valueOf(60));
            case "h" -> number.multiply(BigDecimal.valueOf(3600));
            default -> number;
          };
      if (seconds.signum() <= 0
          || seconds.compareTo(MAX_SECONDS) > 0
          || seconds.stripTrailingZeros().scale() > 9) {
        throw new IllegalArgumentException(rule(option));
      }
      return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
    }

    @Override
    Object checkValue(ServerOption option, Object value) {
      Duration duration = (Duration) value;
      if (duration.isNegative()
          || duration.isZero()
          || duration.compareTo(Duration.ofSeconds(MAX_SECONDS.longValue())) > 0) {
        throw new IllegalArgumentException(rule(option));
      }
      return duration;
    }

    @Override
    String rule(ServerOption option) {
      return "must be a duration above 0 and at most 86400 seconds: seconds (30, 0.5) or a number"
          + " with a unit (500ms, 30s, 2m)";
    }

    @Override
    String format(Object value) {
      return seconds((Duration) value).toPlainString() + "s";
    }
  },
  /** {@code true} or {@code false}, in any case. */
  BOOLEAN("a boolean") {
    @Override
    Object parseText(ServerOption option, String text) {
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException(rule(option));
      };
    }

    @Override
    String rule(ServerOption option) {
      return "must be true or false";
    }
  },
  /** One of the modes of {@link ChannellessRecv}, in any case. */
  CHOICE("a choice") {
    @Override
    Object parseText(ServerOption option, String text) {
      try {
        return ChannellessRecv.parse(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(rule(option));
      }
    }

    @Override
    String rule(ServerOption option) {
      return "must be 'all' or 'default'";
    }

    @Override
    String format(Object value) {
      return ((ChannellessRecv) value).spelling();
    }
  };

  private static final Pattern SIZE =
      Pattern.compile("(\\d{1,19})\\s*(|[kmgt]|[kmgt]ib)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DURATION_TEXT =
      Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?)\\s*(|ms|s|m|h)", Pattern.CASE_INSENSITIVE);
  private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(86_400);

  private final String noun;

  OptionKind(String noun) {
    this.noun = noun;
  }

  /**
   * @return what a value of this kind is, e.g. "a size", for usage texts
   */
  public String noun() {
    return noun;
  }

  /**
   * @param duration a duration
   * @return it in seconds, as exact as it is, without trailing zeros
   */
  public static BigDecimal seconds(Duration duration) {
    BigDecimal seconds = BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros();
    return seconds.scale() < 0 ? seconds.setScale(0) : seconds;
  }

  /**
   * The plain decimal text of a number read from JSON, for the parsers, if it has digits any option
   * could take: at most 18 before the point and 9 after. A JSON number such as {@code 1e999999999}
   * is short to send but a billion digits long written out; it is refused before anything writes it
   * out, rather than exhausting the heap.
   *
   * @param number the number as JSON gave it
   * @return its plain text, or empty when it has more digits than that
   */
  public static Optional<String> plainText(BigDecimal number) {
    if (number.scale() > 9 || number.precision() - number.scale() > 18) {
      return Optional.empty();
    }
    return Optional.of(number.toPlainString());
  }

  /**
   * Reads a duration as every front end does: seconds ({@code 30}, {@code 0.5}) or a number with a
   * unit ({@code 500ms}, {@code 30s}, {@code 2m}), above 0 and at most 86,400 seconds, for values
   * that are not server options (an admin request's duration).
   *
   * @param text the text
   * @return the duration
   * @throws IllegalArgumentException whose message is the rule, without the value's name
   */
  public static Duration duration(String text) {
    return (Duration) DURATION.parseText(null, text.strip());
  }

  Object parse(ServerOption option, String text) {
    return parseText(option, text);
  }

  Object check(ServerOption option, Object value) {
    if (!type().isInstance(value) && !(value instanceof Number && isNumeric())) {
      throw new IllegalArgumentException(
          "must be "
              + noun
              + ", a "
              + type().getSimpleName()
              + ", not a "
              + value.getClass().getName());
    }
    return checkValue(option, value);
  }

  /** Text is checked as the value it is. */
  Object parseText(ServerOption option, String text) {
    return checkValue(option, text);
  }

  Object checkValue(ServerOption option, Object value) {
    return value;
  }

  abstract String rule(ServerOption option);

  String format(Object value) {
    return String.valueOf(value);
  }

  private boolean isNumeric() {
    return this == COUNT || this == BYTES;
  }

  private Class<?> type() {
    return switch (this) {
      case TEXT, PATH, TOKEN -> String.class;
      case COUNT -> Integer.class;
      case BYTES -> Long.class;
      case DURATION -> Duration.class;
      case BOOLEAN -> Boolean.class;
      case CHOICE -> ChannellessRecv.class;
    };
  }

  /** A count or a size: an int or a long within the option's bounds. */
  final long wholeNumberWithinBounds(ServerOption option, Object value) {
    if (!(value instanceof Integer || value instanceof Long)) {
      throw new IllegalArgumentException(rule(option));
    }
    long number = ((Number) value).longValue();
    if (number < option.min() || number > option.max()) {
      throw new IllegalArgumentException(rule(option));
    }
    return number;
  }

  private static long unit(String suffix) {
    return switch (suffix.isEmpty() ? ' ' : Character.toLowerCase(suffix.charAt(0))) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      case 't' -> 1L << 40;
      default -> 1;
    };
  }
}
