package dev.agentbus.embedded.traffic;

import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.MessageEvicted;
import dev.agentbus.embedded.journal.NamespaceRestarted;
import dev.agentbus.embedded.journal.ParkedPoll;
import dev.agentbus.embedded.journal.ParkedPolls;
import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.journal.TrafficCounts;
import dev.agentbus.embedded.journal.WireFaultInjected;
import dev.agentbus.embedded.text.PrintableText;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a namespace's traffic for a human: one line per message and per refused request, in time
 * order, with the outcome and its diagnosis, then the polls parked right now (who is listening
 * where), then a summary. Meant for a failed test's output or a CI log, and stable enough to paste
 * into a bug report.
 *
 * <pre>
 * agent-bus traffic (namespace t-1, channel-less recv reads every channel)
 *   +0.000s  alice -> bob  [c-7]       "ping"  delivered after 0.4 ms
 *   +0.002s  bob -> alice  [default*]  "pong"  NOT DELIVERED: alice only polled channel c-7 and is
 *                                              parked there now, since 1.0 ms before it was sent
 *       now  alice is polling channel c-7, parked since +0.001s
 * 2 messages: 1 delivered, 0 not yet, 1 lost (channel mismatch 1); * = no channel given
 * </pre>
 *
 * <p>When the journal has given up older entries, a line at the top says how many messages were
 * sent in all and how many of them the transcript shows; messages evicted before any poll returned
 * them whose sends are gone are listed first, as far as their identities were kept; and the
 * summary's counts are exact (see {@link TrafficReport}), not only those of what is shown.
 *
 * <p>(The diagnosis is one line; it is wrapped here.) Columns line up: each is as wide as its
 * widest cell, up to a bound (routes 60 characters, channels 40, times as wide as the longest); a
 * longer cell is cut with {@code …} so that it never pushes the columns after it out of line, a
 * route keeping part of both names. The diagnosis at the end of a line names the recipient and
 * channels in full.
 */
public final class Transcript {

  private static final int BODY_PREVIEW = 32;

  /** The widest route cell ({@code alice -> bob}); longer ones are cut with an ellipsis. */
  static final int MAX_ROUTE_WIDTH = 60;

  /**
   * The widest channel cell: a channel of 40 characters in its brackets ({@code [c-7]}), with the
   * star of a channel not given; longer ones are cut inside them.
   */
  static final int MAX_CHANNEL_WIDTH = 40 + 3;

  /**
   * The widest body cell: {@link PrintableText#quotable} keeps 32 characters of a body, of which
   * the last may be a six-character escape, then an ellipsis, in quotes.
   */
  private static final int MAX_BODY_WIDTH = BODY_PREVIEW - 1 + 6 + 1 + 2;

  /** The most parked-poll lines shown; the rest are counted on one more line. */
  static final int MAX_PARKED_LINES = 20;

  /** The most characters of one line; the rest is cut and counted. */
  private static final int MAX_LINE = 2_000;

  /** The body cell of an evicted message known only by its identity. */
  private static final String BODY_NOT_SHOWN = "(body not shown)";

  private Transcript() {}

  /**
   * @param report an analysed namespace
   * @return the transcript, lines ending in {@code \n}
   */
  public static String render(TrafficReport report) {
    return render(report, Integer.MAX_VALUE);
  }

  /**
   * Renders at most about {@code maxChars} characters: when the lines of the traffic take more, the
   * newest that fit are kept and a line at the top says how many earlier ones were left out. Only
   * what is kept is built, so a huge journal costs its cap, not its size.
   *
   * @param report an analysed namespace
   * @param maxChars about the most characters of traffic lines
   * @return the transcript, lines ending in {@code \n}
   */
  public static String render(TrafficReport report, long maxChars) {
    return render(report, maxChars, Integer.MAX_VALUE);
  }

  /**
   * Renders the lines of at most the newest {@code maxMessages} messages, within about {@code
   * maxChars} characters, and says how many earlier ones it left out; the summary counts them all.
   *
   * @param report an analysed namespace
   * @param maxChars about the most characters of traffic lines
   * @param maxMessages the most messages given a line
   * @return the transcript, lines ending in {@code \n}
   */
  public static String render(TrafficReport report, long maxChars, int maxMessages) {
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
    List<MessageOutcome> messages = report.messages();
    // The oldest message given a line; the ones before it are left out.
    int floor = Math.max(0, messages.size() - Math.max(0, maxMessages));
    int shown = messages.size() - floor;
    if (report.sentTotal() > messages.size()) {
      long sent = report.sentTotal();
      out.append("  (")
          .append(sent)
          .append(sent == 1 ? " message" : " messages")
          .append(" sent in all, ")
          .append(shown == 0 ? "none" : "the newest " + shown)
          .append(" of them shown; ")
          .append(report.droppedEntries())
          .append(" older journal entries were dropped)\n");
    } else if (report.droppedEntries() > 0) {
      out.append("  (")
          .append(report.droppedEntries())
          .append(" older journal entries were dropped; earlier traffic is missing)\n");
    }
    // Refusals and incidents (restarts, wire faults) are both in journal order: one list of them.
    List<JournalEntry> rejected = inJournalOrder(report.rejected(), report.incidents());
    List<MessageEvicted> evicted = report.evictedOutOfJournal();
    Columns columns = Columns.of(messages, evicted);
    BigDecimal start = start(messages, rejected, report.parked().polls(), evicted);
    // Both lists are in time order: walk them back from the newest, merging, until the cap.
    Deque<Line> kept = new ArrayDeque<>();
    long used = 0;
    int m = messages.size() - 1;
    int r = rejected.size() - 1;
    while (m >= floor || r >= 0) {
      // On a tie the message goes first in time order, so walking back the refusal comes first.
      boolean message =
          r < 0
              || (m >= floor && messages.get(m).message().ts().compareTo(rejected.get(r).at()) > 0);
      Line line =
          message
              ? new Line(
                  offset(messages.get(m).message().ts(), start),
                  messageLine(messages.get(m), columns))
              : new Line(offset(rejected.get(r).at(), start), otherLine(rejected.get(r)));
      if (!kept.isEmpty() && used + line.text().length() > maxChars) {
        break;
      }
      kept.addFirst(line);
      used += line.text().length();
      if (message) {
        m--;
      } else {
        r--;
      }
    }
    // Evictions known only by identity are older than every message the journal holds.
    int e = evicted.size() - 1;
    while (m < 0 && r < 0 && e >= 0) {
      MessageEvicted eviction = evicted.get(e);
      Line line = new Line(offset(eviction.ts(), start), evictedLine(eviction, columns));
      if (!kept.isEmpty() && used + line.text().length() > maxChars) {
        break;
      }
      kept.addFirst(line);
      used += line.text().length();
      e--;
    }
    List<Line> parked = parkedLines(report.parked(), start);
    TrafficCounts counts = report.trafficCounts();
    if (counts != null && counts.evictionsLeftOut() > 0) {
      out.append("  (")
          .append(counts.evictionsLeftOut())
          .append(counts.evictionsLeftOut() == 1 ? " older message was" : " older messages were")
          .append(" evicted before any poll returned them; the bus kept no more of their")
          .append(" identities than these)\n");
    }
    if (floor > 0) {
      int earlier = floor + evicted.size();
      out.append("  (")
          .append(earlier)
          .append(earlier == 1 ? " earlier message" : " earlier messages")
          .append(" left out; read them from /_bus/journal)\n");
      e = -1;
    }
    int left = m + 1 - floor + r + 1 + e + 1;
    if (left > 0) {
      out.append("  (")
          .append(left)
          .append(left == 1 ? " earlier line" : " earlier lines")
          .append(" left out to keep the transcript within ")
          .append(maxChars)
          .append(" characters; read them from /_bus/journal)\n");
    }
    int timeWidth = 0;
    for (Line line : kept) {
      timeWidth = Math.max(timeWidth, line.at().length());
    }
    for (Line line : parked) {
      timeWidth = Math.max(timeWidth, line.at().length());
    }
    for (Line line : kept) {
      appendLine(out, line, timeWidth);
    }
    for (Line line : parked) {
      appendLine(out, line, timeWidth);
    }
    out.append(summary(report)).append('\n');
    return out.toString();
  }

  private static void appendLine(StringBuilder out, Line line, int timeWidth) {
    out.append("  ")
        .append(" ".repeat(timeWidth - line.at().length()))
        .append(line.at())
        .append("  ")
        .append(line.text().stripTrailing())
        .append('\n');
  }

  private static String offset(BigDecimal at, BigDecimal start) {
    return String.format(Locale.ROOT, "+%.3fs", at.subtract(start).doubleValue());
  }

  private static BigDecimal start(
      List<MessageOutcome> messages,
      List<JournalEntry> rejected,
      List<ParkedPoll> parked,
      List<MessageEvicted> evicted) {
    BigDecimal start = null;
    if (!messages.isEmpty()) {
      start = messages.get(0).message().ts();
    }
    if (!evicted.isEmpty()) {
      start = earlier(start, evicted.get(0).ts());
    }
    if (!rejected.isEmpty()) {
      start = earlier(start, rejected.get(0).at());
    }
    for (ParkedPoll poll : parked) {
      start = earlier(start, poll.at());
    }
    return start == null ? BigDecimal.ZERO : start;
  }

  private static BigDecimal earlier(BigDecimal a, BigDecimal b) {
    return a == null || b.compareTo(a) < 0 ? b : a;
  }

  /**
   * One rendered line.
   *
   * @param at its time cell, e.g. {@code +0.002s}, or {@code now}
   * @param text the rest of the line
   */
  private record Line(String at, String text) {}

  /**
   * How wide the route, channel and body columns are: each as wide as its widest cell among the
   * messages, up to its bound.
   */
  private record Columns(int route, int channel, int body) {

    static Columns of(List<MessageOutcome> messages, List<MessageEvicted> evicted) {
      int route = 0;
      int channel = 0;
      int body = evicted.isEmpty() ? 0 : BODY_NOT_SHOWN.length();
      for (MessageEvicted eviction : evicted) {
        route = Math.max(route, Math.min(MAX_ROUTE_WIDTH, Transcript.route(eviction).length()));
        channel =
            Math.max(channel, Math.min(MAX_CHANNEL_WIDTH, Transcript.channel(eviction).length()));
      }
      for (MessageOutcome outcome : messages) {
        var message = outcome.message();
        // An escape is never shorter than what it escapes: a long raw name needs no escaping.
        int rawRoute = message.from().length() + message.to().length() + 4;
        route =
            Math.max(
                route,
                rawRoute >= MAX_ROUTE_WIDTH
                    ? MAX_ROUTE_WIDTH
                    : Math.min(MAX_ROUTE_WIDTH, Transcript.route(outcome).length()));
        int rawChannel = message.channel().length() + 3;
        channel =
            Math.max(
                channel,
                rawChannel >= MAX_CHANNEL_WIDTH
                    ? MAX_CHANNEL_WIDTH
                    : Math.min(MAX_CHANNEL_WIDTH, Transcript.channel(outcome).length()));
        body = Math.max(body, Math.min(MAX_BODY_WIDTH, Transcript.body(outcome).length()));
        if (route == MAX_ROUTE_WIDTH && channel == MAX_CHANNEL_WIDTH && body == MAX_BODY_WIDTH) {
          break;
        }
      }
      return new Columns(route, channel, body);
    }
  }

  private static String messageLine(MessageOutcome outcome, Columns columns) {
    return cut(fullMessageLine(outcome, columns));
  }

  private static String fullMessageLine(MessageOutcome outcome, Columns columns) {
    return pad(fitRoute(outcome, columns.route()), columns.route())
        + "  "
        + pad(fitBracketed(channel(outcome), columns.channel()), columns.channel())
        + "  "
        + pad(fit(body(outcome), columns.body()), columns.body())
        + "  "
        + verdict(outcome);
  }

  private static String evictedLine(MessageEvicted eviction, Columns columns) {
    return cut(
        pad(fit(route(eviction), columns.route()), columns.route())
            + "  "
            + pad(fitBracketed(channel(eviction), columns.channel()), columns.channel())
            + "  "
            + pad(BODY_NOT_SHOWN, columns.body())
            + "  NOT DELIVERED: "
            + TrafficAnalysis.evictedReason(eviction));
  }

  private static String route(MessageEvicted eviction) {
    return PrintableText.escape(eviction.from()) + " -> " + PrintableText.escape(eviction.to());
  }

  private static String channel(MessageEvicted eviction) {
    return "[" + PrintableText.escape(eviction.channel()) + "]";
  }

  private static String channel(MessageOutcome outcome) {
    var message = outcome.message();
    return "[" + PrintableText.escape(message.channel()) + (message.channelGiven() ? "]" : "*]");
  }

  private static String body(MessageOutcome outcome) {
    return "\"" + PrintableText.quotable(outcome.message().msg(), BODY_PREVIEW) + "\"";
  }

  /** The polls parked now, one line for each of the first, then how many more. */
  private static List<Line> parkedLines(ParkedPolls parked, BigDecimal start) {
    List<Line> lines = new ArrayList<>();
    int shown = 0;
    for (ParkedPoll poll : parked.polls()) {
      if (lines.size() == MAX_PARKED_LINES) {
        break;
      }
      String where =
          poll.readsChannel() == null
              ? "every channel"
              : "channel " + PrintableText.escape(poll.readsChannel());
      lines.add(
          new Line(
              "now",
              cut(
                  PrintableText.escape(poll.to())
                      + " is polling "
                      + where
                      + ", parked since "
                      + offset(poll.at(), start)
                      + (poll.count() == 1 ? "" : " (" + poll.count() + " polls)"))));
      shown += poll.count();
    }
    int more = parked.total() - shown;
    if (more > 0) {
      lines.add(
          new Line(
              "now", "... and " + more + (more == 1 ? " more poll" : " more polls") + " parked"));
    }
    return lines;
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
      case DROPPED_BY_FAULT -> "dropped on purpose: " + TrafficAnalysis.reason(outcome);
      case HELD_BACK -> "held back: " + TrafficAnalysis.reason(outcome);
      case LOST_IN_RESTART -> "lost in a restart: " + TrafficAnalysis.reason(outcome);
      default -> "NOT DELIVERED: " + TrafficAnalysis.reason(outcome);
    };
  }

  private static List<JournalEntry> inJournalOrder(
      List<RequestRejected> rejected, List<JournalEntry> incidents) {
    List<JournalEntry> merged = new ArrayList<>(rejected.size() + incidents.size());
    merged.addAll(rejected);
    if (!incidents.isEmpty()) {
      merged.addAll(incidents);
      merged.sort(Comparator.comparingLong(JournalEntry::seq));
    }
    return merged;
  }

  private static String otherLine(JournalEntry entry) {
    if (entry instanceof RequestRejected rejected) {
      return cut(fullRejectedLine(rejected));
    }
    if (entry instanceof NamespaceRestarted restarted) {
      return cut(restartLine(restarted));
    }
    return cut(wireFaultLine((WireFaultInjected) entry));
  }

  private static String restartLine(NamespaceRestarted restarted) {
    return "RESTARTED the namespace, queues "
        + restarted.queues().name().toLowerCase(Locale.ROOT)
        + ": "
        + restarted.pollsCut()
        + (restarted.pollsCut() == 1 ? " parked poll" : " parked polls")
        + " cut, "
        + restarted.messagesLost()
        + (restarted.messagesLost() == 1 ? " message" : " messages")
        + " lost, down for "
        + restarted.downForMillis()
        + " ms";
  }

  private static String wireFaultLine(WireFaultInjected wire) {
    return "WIRE FAULT "
        + (wire.agent() == null ? "" : PrintableText.escape(wire.agent()) + " ")
        + PrintableText.escape(wire.request())
        + ": "
        + PrintableText.escape(wire.fault());
  }

  private static String fullRejectedLine(RequestRejected rejected) {
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
    Map<DeliveryStatus, Integer> shown = report.counts();
    long sent = report.sentTotal();
    long lost = report.lostTotal();
    StringBuilder line =
        new StringBuilder().append(sent).append(sent == 1 ? " message" : " messages");
    if (sent > report.messages().size()) {
      line.append(" (").append(report.messages().size()).append(" shown)");
    }
    line.append(": ")
        .append(report.deliveredTotal())
        .append(" delivered, ")
        .append(shown.get(DeliveryStatus.NOT_YET_DELIVERED))
        .append(" not yet, ")
        .append(lost)
        .append(" lost");
    if (lost > 0) {
      List<String> reasons = new ArrayList<>();
      for (DeliveryStatus status : DeliveryStatus.values()) {
        long count = status == DeliveryStatus.EVICTED ? report.evictedTotal() : shown.get(status);
        if (status.isLost() && count > 0) {
          reasons.add(status.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + count);
        }
      }
      line.append(" (").append(String.join(", ", reasons)).append(')');
    }
    int dropped = shown.get(DeliveryStatus.DROPPED_BY_FAULT);
    if (dropped > 0) {
      line.append(", ").append(dropped).append(" dropped on purpose by an in-bus fault");
    }
    int held = shown.get(DeliveryStatus.HELD_BACK);
    if (held > 0) {
      line.append(", ").append(held).append(" held back by an in-bus fault");
    }
    int lostInRestart = shown.get(DeliveryStatus.LOST_IN_RESTART);
    if (lostInRestart > 0) {
      line.append(", ").append(lostInRestart).append(" lost in a restart a test asked for");
    }
    long unknown = report.undeliveredOutOfJournal();
    if (unknown > 0) {
      line.append(", ").append(unknown).append(" undelivered whose journal entries were dropped");
    }
    long rejected = report.rejectedTotal();
    if (rejected > 0) {
      line.append("; ").append(rejected).append(rejected == 1 ? " request" : " requests");
      line.append(" rejected");
      if (rejected > report.rejected().size()) {
        List<String> statuses = new ArrayList<>();
        report.rejectedByStatus().forEach((status, count) -> statuses.add(status + ": " + count));
        line.append(" (")
            .append(String.join(", ", statuses))
            .append("; ")
            .append(report.rejected().size())
            .append(" in the journal)");
      }
    }
    return line.append("; * = no channel given").toString();
  }

  /** Keeps one line readable, and a transcript of many long names within reach of its cap. */
  private static String cut(String line) {
    return line.length() <= MAX_LINE
        ? line
        : line.substring(0, MAX_LINE) + "…[cut, " + line.length() + " chars]";
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }

  /**
   * The route cut to {@code width} characters, each name cut apart, so that a long sender never
   * hides the recipient: each keeps at least half of the room the arrow leaves.
   */
  private static String fitRoute(MessageOutcome outcome, int width) {
    String from = PrintableText.escape(outcome.message().from());
    String to = PrintableText.escape(outcome.message().to());
    int room = width - " -> ".length();
    if (from.length() + to.length() <= room) {
      return from + " -> " + to;
    }
    String fromCell = fit(from, Math.min(from.length(), Math.max(room - to.length(), room / 2)));
    return fromCell + " -> " + fit(to, room - fromCell.length());
  }

  /** Cuts a cell to {@code width} characters, its last an ellipsis, when it is wider. */
  private static String fit(String cell, int width) {
    return cell.length() <= width ? cell : cell.substring(0, width - 1) + "…";
  }

  /** Like {@link #fit}, keeping the closing {@code ]} or {@code *]} of a channel cell. */
  private static String fitBracketed(String cell, int width) {
    if (cell.length() <= width) {
      return cell;
    }
    String close = cell.endsWith("*]") ? "*]" : "]";
    return cell.substring(0, width - close.length() - 1) + "…" + close;
  }
}
