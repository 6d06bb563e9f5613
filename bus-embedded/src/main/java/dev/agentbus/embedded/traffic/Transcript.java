package dev.agentbus.embedded.traffic;

import dev.agentbus.embedded.internal.core.PrintableText;
import dev.agentbus.embedded.journal.RequestRejected;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a namespace's traffic for a human: one line per message and per refused request, in time
 * order, with the outcome and its diagnosis, then a summary. Meant for a failed test's output or a
 * CI log, and stable enough to paste into a bug report.
 *
 * <pre>
 * agent-bus traffic (namespace t-1, channel-less recv reads every channel)
 *   +0.000s  alice -> bob  [c-7]        "ping"  delivered after 0.4 ms
 *   +0.002s  bob -> alice  [default*]   "pong"  NOT DELIVERED: alice only polled channel c-7
 * 2 messages: 1 delivered, 1 lost (channel mismatch 1); * = no channel given
 * </pre>
 */
public final class Transcript {

  private static final int BODY_PREVIEW = 32;

  private Transcript() {}

  /**
   * @param report an analysed namespace
   * @return the transcript, lines ending in {@code \n}
   */
  public static String render(TrafficReport report) {
    StringBuilder out = new StringBuilder();
    out.append("agent-bus traffic (")
        .append(
            report.namespace().isEmpty()
                ? "root namespace"
                : "namespace " + PrintableText.escape(report.namespace()))
        .append(", channel-less recv reads ")
        .append(
            switch (report.channellessRecv()) {
              case ALL -> "every channel";
              case DEFAULT -> "channel default";
            })
        .append(")\n");
    if (report.droppedEntries() > 0) {
      out.append("  (")
          .append(report.droppedEntries())
          .append(" older journal entries were dropped; earlier traffic is missing)\n");
    }
    int routeWidth = 0;
    for (MessageOutcome outcome : report.messages()) {
      routeWidth = Math.max(routeWidth, route(outcome).length());
    }
    List<Line> lines = new ArrayList<>();
    for (MessageOutcome outcome : report.messages()) {
      lines.add(new Line(outcome.message().ts(), messageLine(outcome, routeWidth)));
    }
    for (RequestRejected rejected : report.rejected()) {
      lines.add(new Line(rejected.at(), rejectedLine(rejected)));
    }
    lines.sort(Comparator.comparing(Line::at));
    BigDecimal start = lines.isEmpty() ? BigDecimal.ZERO : lines.get(0).at();
    for (Line line : lines) {
      out.append(String.format(Locale.ROOT, "  +%.3fs  ", line.at().subtract(start).doubleValue()))
          .append(line.text().stripTrailing())
          .append('\n');
    }
    out.append(summary(report)).append('\n');
    return out.toString();
  }

  private record Line(BigDecimal at, String text) {}

  private static String messageLine(MessageOutcome outcome, int routeWidth) {
    var message = outcome.message();
    String channel =
        "[" + PrintableText.escape(message.channel()) + (message.channelGiven() ? "]" : "*]");
    String body = "\"" + PrintableText.quotable(message.msg(), BODY_PREVIEW) + "\"";
    return pad(route(outcome), routeWidth)
        + "  "
        + pad(channel, 12)
        + " "
        + pad(body, BODY_PREVIEW + 3)
        + "  "
        + verdict(outcome);
  }

  private static String route(MessageOutcome outcome) {
    return PrintableText.escape(outcome.message().from())
        + " -> "
        + PrintableText.escape(outcome.message().to());
  }

  private static String verdict(MessageOutcome outcome) {
    return switch (outcome.status()) {
      case DELIVERED ->
          outcome.deliveredMoreThanOnce()
              ? String.format(
                  Locale.ROOT,
                  "delivered %d times, first after %.1f ms",
                  outcome.receipts().size(),
                  outcome.receipts().get(0).afterMillis())
              : String.format(
                  Locale.ROOT, "delivered after %.1f ms", outcome.receipts().get(0).afterMillis());
      case NOT_YET_DELIVERED -> "not delivered yet: " + TrafficAnalysis.reason(outcome);
      default -> "NOT DELIVERED: " + TrafficAnalysis.reason(outcome);
    };
  }

  private static String rejectedLine(RequestRejected rejected) {
    return "REJECTED "
        + PrintableText.escape(rejected.method())
        + " "
        + PrintableText.escape(rejected.endpoint())
        + " "
        + rejected.status()
        + ": "
        + PrintableText.escape(rejected.error());
  }

  private static String summary(TrafficReport report) {
    Map<DeliveryStatus, Integer> counts = report.counts();
    int lost = report.lost().size();
    StringBuilder line =
        new StringBuilder()
            .append(report.messages().size())
            .append(report.messages().size() == 1 ? " message: " : " messages: ")
            .append(counts.get(DeliveryStatus.DELIVERED))
            .append(" delivered, ")
            .append(counts.get(DeliveryStatus.NOT_YET_DELIVERED))
            .append(" not yet, ")
            .append(lost)
            .append(" lost");
    if (lost > 0) {
      List<String> reasons = new ArrayList<>();
      for (DeliveryStatus status : DeliveryStatus.values()) {
        if (status.isLost() && counts.get(status) > 0) {
          reasons.add(
              status.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + counts.get(status));
        }
      }
      line.append(" (").append(String.join(", ", reasons)).append(')');
    }
    if (!report.rejected().isEmpty()) {
      int rejected = report.rejected().size();
      line.append("; ")
          .append(rejected)
          .append(rejected == 1 ? " request" : " requests")
          .append(" rejected");
    }
    return line.append("; * = no channel given").toString();
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
