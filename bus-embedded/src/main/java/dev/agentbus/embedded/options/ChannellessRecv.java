package dev.agentbus.embedded.options;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a {@code GET /recv} without a {@code channel} parameter reads. Both behaviours exist in
 * deployed buses; a test picks the one its production bus has.
 */
public enum ChannellessRecv {
  /**
   * Every channel (the hosted bus, and our default). A channel-less agent then still hears peers on
   * any channel, while its own channel-less sends land on {@code default}: the mismatch looks
   * one-directional.
   */
  ALL,
  /** Only channel {@code default} (the reference server and its tests). */
  DEFAULT;

  /**
   * Parses the spelling of the command line and of every JSON document of the bus.
   *
   * @param text {@code all} or {@code default}, in any case
   * @return the mode
   * @throws IllegalArgumentException for anything else
   */
  @JsonCreator
  public static ChannellessRecv parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "all" -> ALL;
      case "default" -> DEFAULT;
      default ->
          throw new IllegalArgumentException(
              "channel-less recv mode must be 'all' or 'default', got '" + text + "'");
    };
  }

  /**
   * @return {@code all} or {@code default}: how the command line, {@code /_bus/info}, {@code
   *     /_bus/traffic} and the saved traffic all spell it
   */
  @JsonValue
  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }
}
