package dev.agentbus.embedded.options;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The server options given, each checked against its rule; an option not given takes its default.
 * Immutable.
 */
public final class OptionValues {

  private final Map<ServerOption, Object> given;

  private OptionValues(Map<ServerOption, Object> given) {
    this.given = Collections.unmodifiableMap(given);
  }

  /**
   * @param given values by option; a {@code null} value stands for the default
   * @return the values, checked and normalised by {@link ServerOption#check}
   * @throws OptionException for the first value that breaks its option's rule
   */
  public static OptionValues of(Map<ServerOption, ?> given) {
    EnumMap<ServerOption, Object> checked = new EnumMap<>(ServerOption.class);
    given.forEach(
        (option, value) -> {
          if (value != null) {
            checked.put(option, option.check(value));
          }
        });
    return new OptionValues(checked);
  }

  /**
   * @param option an option
   * @return the value given, or empty for its default
   */
  public Optional<Object> given(ServerOption option) {
    return Optional.ofNullable(given.get(option));
  }

  /**
   * @param option an option
   * @return the value given, else its fixed default, else empty: the default is derived where the
   *     server runs, or there is none
   */
  public Optional<Object> value(ServerOption option) {
    return given(option).or(option::defaultValue);
  }

  /**
   * @param option a count
   * @return its value; the default when not given
   * @throws IllegalStateException for an option with no fixed default, not given
   */
  public int count(ServerOption option) {
    return (Integer) required(option);
  }

  /**
   * @param option a size in bytes
   * @return its value; the default when not given
   * @throws IllegalStateException for an option with no fixed default, not given
   */
  public long bytes(ServerOption option) {
    return (Long) required(option);
  }

  /**
   * @param option a duration
   * @return its value; the default when not given
   */
  public Duration duration(ServerOption option) {
    return (Duration) required(option);
  }

  /**
   * @param option a text, path or token
   * @return its value; the default when not given; {@code null} for a token not given
   */
  public String text(ServerOption option) {
    return (String) value(option).orElse(null);
  }

  private Object required(ServerOption option) {
    return value(option)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    option.optionName() + " has no fixed default: " + option.defaultText()));
  }
}
