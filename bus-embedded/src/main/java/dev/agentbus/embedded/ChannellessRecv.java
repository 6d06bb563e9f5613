package dev.agentbus.embedded;

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
   * Parses the command-line spelling.
   *
   * @param text {@code all} or {@code default}, in any case
   * @return the mode
   * @throws IllegalArgumentException for anything else
   */
  public static ChannellessRecv parse(String text) {
    return switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "all" -> ALL;
      case "default" -> DEFAULT;
      default ->
          throw new IllegalArgumentException(
              "channel-less recv mode must be 'all' or 'default', got '" + text + "'");
    };
  }
}
