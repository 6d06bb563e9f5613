package dev.agentbus.embedded.report;

import dev.agentbus.embedded.traffic.DeliveryStatus;

/**
 * How the diagram draws a message of one status: a colour, and for readers who cannot tell colours
 * apart, a dash pattern, an end mark and a word.
 *
 * @param status the status, as the page names it
 * @param label what the legend and the details call it
 * @param tag the short text drawn at the arrow's head
 * @param color the stroke colour
 * @param dash the SVG dash pattern, empty for a solid line
 * @param head {@code arrow}, {@code open}, {@code cross} (lost by the bus), or for what a fault a
 *     test asked for did: {@code bar} (dropped), {@code pause} (held back), {@code ring} (lost in a
 *     restart)
 * @param lost whether the status counts as lost
 * @param fault whether a fault a test asked for put the message in this state: never drawn or
 *     counted as a failure of the bus
 */
record StatusStyle(
    String status,
    String label,
    String tag,
    String color,
    String dash,
    String head,
    boolean lost,
    boolean fault) {

  private StatusStyle(
      String status,
      String label,
      String tag,
      String color,
      String dash,
      String head,
      boolean lost) {
    this(status, label, tag, color, dash, head, lost, false);
  }

  static StatusStyle of(DeliveryStatus status) {
    String name = status.name();
    return switch (status) {
      case DELIVERED -> new StatusStyle(name, "delivered", "✓", "#1a7f37", "", "arrow", false);
      case NOT_YET_DELIVERED ->
          new StatusStyle(name, "not yet delivered", "… pending", "#7d5a00", "7 4", "open", false);
      case CHANNEL_MISMATCH ->
          new StatusStyle(
              name, "lost: channel mismatch", "✗ mismatch", "#cf222e", "2 3", "cross", true);
      case NEVER_POLLED ->
          new StatusStyle(
              name, "lost: never polled", "✗ never polled", "#8250df", "1 4", "cross", true);
      case SKIPPED_BY_CURSOR ->
          new StatusStyle(
              name, "lost: skipped by cursor", "✗ skipped", "#bc4c00", "9 3 2 3", "cross", true);
      case EVICTED ->
          new StatusStyle(name, "lost: evicted", "✗ evicted", "#57606a", "4 2", "cross", true);
      case DROPPED_BY_FAULT ->
          new StatusStyle(
              name,
              "dropped by a fault, on purpose",
              "⊘ dropped on purpose",
              "#bf3989",
              "6 2 1 2 1 2",
              "bar",
              false,
              true);
      case HELD_BACK ->
          new StatusStyle(
              name, "held back by a fault", "‖ held back", "#0a7b83", "12 4", "pause", false, true);
      case LOST_IN_RESTART ->
          new StatusStyle(
              name,
              "lost in a restart, on purpose",
              "↻ lost in restart",
              "#3e4b9e",
              "1 2 1 6",
              "ring",
              false,
              true);
    };
  }
}
