package dev.agentbus.maven;

import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.MessageDroppedOnPurpose;
import dev.agentbus.embedded.journal.MessageDuplicated;
import dev.agentbus.embedded.journal.MessageHeldBack;
import dev.agentbus.embedded.journal.MessageLostInRestart;
import dev.agentbus.embedded.journal.MessageReleased;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.NamespaceRestarted;
import dev.agentbus.embedded.journal.ParkedPoll;
import dev.agentbus.embedded.journal.PollAnswered;
import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.journal.WireFaultInjected;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code bus:run} prints for each journal entry as it crosses the bus: every message (time,
 * sender, recipient, channel, first line of the body), every refusal, and the first poll of each
 * recipient on each channel, which is what one needs to see a channel mismatch as it happens. A
 * long-poll shows when it parks, since a listener's poll waits there until a message comes; a poll
 * first seen answered (one that did not wait) shows then. A line of a namespace's traffic names it
 * after the time ({@code 22:38:14.219 /ns/t-1 alice -> bob ...}); a line of the root's names none,
 * so that the root's traffic reads as it always did. An in-bus fault a test switched on shows as a
 * {@code FAULT} line beside the message it touched.
 *
 * <p>Remembers which pollers it has shown, at most {@link #MAX_POLLERS} of them. Not thread-safe:
 * callers that feed it from several threads hold its monitor.
 */
final class TrafficLine {

  static final int MAX_POLLERS = 10_000;
  static final int BODY_PREVIEW = 80;

  private final DateTimeFormatter time;
  private final String where;
  private final Set<String> pollersShown = new HashSet<>();

  /**
   * Formats the root namespace's traffic.
   *
   * @param zone the time zone the times are shown in
   */
  TrafficLine(ZoneId zone) {
    this(zone, "");
  }

  /**
   * @param zone the time zone the times are shown in
   * @param namespace the id of the namespace whose journal this formats, empty for the root
   */
  TrafficLine(ZoneId zone, String namespace) {
    this.time = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(zone);
    this.where = namespace.isEmpty() ? "" : "  /ns/" + namespace;
  }

  /**
   * @param entry a journal entry
   * @return the line to print for it, or empty for one not worth a line
   */
  Optional<String> format(JournalEntry entry) {
    if (entry instanceof MessageSent sent) {
      return Optional.of(
          at(sent.at())
              + "  "
              + sent.from()
              + " -> "
              + sent.to()
              + "  ["
              + sent.channel()
              + (sent.channelGiven() ? "" : ", no channel given")
              + "]  "
              + firstLine(sent.msg()));
    }
    if (entry instanceof RequestRejected refusal) {
      return Optional.of(at(refusal.at()) + "  REJECTED " + BuildSummary.describe(refusal));
    }
    if (entry instanceof PollAnswered poll && !poll.clientGone()) {
      return firstPoll(poll.at(), poll.to(), poll.readsChannel(), "");
    }
    if (entry instanceof MessageDroppedOnPurpose dropped) {
      return fault(
          dropped.at(), dropped.from(), dropped.to(), dropped.channel(), "dropped on purpose");
    }
    if (entry instanceof MessageDuplicated duplicated) {
      return fault(
          duplicated.at(), duplicated.from(), duplicated.to(), duplicated.channel(), "duplicated");
    }
    if (entry instanceof MessageHeldBack held) {
      return fault(
          held.at(),
          held.from(),
          held.to(),
          held.channel(),
          "held back until " + time.format(instant(held.until())));
    }
    if (entry instanceof MessageReleased released) {
      return fault(released.at(), released.from(), released.to(), released.channel(), "released");
    }
    if (entry instanceof MessageLostInRestart lost) {
      return fault(lost.at(), lost.from(), lost.to(), lost.channel(), "lost in the restart");
    }
    if (entry instanceof NamespaceRestarted restarted) {
      return Optional.of(
          at(restarted.at())
              + "  FAULT restart, queues "
              + restarted.queues().name().toLowerCase(Locale.ROOT)
              + ": "
              + restarted.pollsCut()
              + " parked polls cut, "
              + restarted.messagesLost()
              + " messages lost, down for "
              + restarted.downForMillis()
              + " ms");
    }
    if (entry instanceof WireFaultInjected wire) {
      return Optional.of(
          at(wire.at())
              + "  FAULT on the wire "
              + (wire.agent() == null ? "" : wire.agent() + " ")
              + wire.request()
              + ": "
              + wire.fault());
    }
    return Optional.empty();
  }

  /**
   * @param poll polls parked right now
   * @return the line to print when it is the first poll of its recipient on its channel, at the
   *     time it parked
   */
  Optional<String> format(ParkedPoll poll) {
    return firstPoll(poll.at(), poll.to(), poll.readsChannel(), " (waiting)");
  }

  private Optional<String> firstPoll(BigDecimal at, String to, String readsChannel, String how) {
    String reads = readsChannel == null ? "every channel" : "channel " + readsChannel;
    String key = to + "\n" + reads;
    if (pollersShown.size() < MAX_POLLERS && pollersShown.add(key)) {
      return Optional.of(at(at) + "  " + to + " polls " + reads + how);
    }
    return Optional.empty();
  }

  /** An in-bus fault a test switched on, applied to the message sent at that route. */
  private Optional<String> fault(
      BigDecimal at, String from, String to, String channel, String what) {
    return Optional.of(at(at) + "  FAULT " + from + " -> " + to + "  [" + channel + "]  " + what);
  }

  private String at(BigDecimal seconds) {
    return time.format(instant(seconds)) + where;
  }

  private static Instant instant(BigDecimal seconds) {
    long micros = seconds.movePointRight(6).longValue();
    return Instant.EPOCH.plusNanos(micros * 1_000);
  }

  /**
   * @param body a message body
   * @return its first line, control characters escaped, cut at {@link #BODY_PREVIEW} characters,
   *     with a mark when lines were left out
   */
  static String firstLine(String body) {
    int newline = body.indexOf('\n');
    String first = newline < 0 ? body : body.substring(0, newline);
    StringBuilder line = new StringBuilder();
    first
        .codePoints()
        .limit(BODY_PREVIEW)
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                line.append(String.format("\\u%04x", c));
              } else {
                line.appendCodePoint(c);
              }
            });
    if (first.codePointCount(0, first.length()) > BODY_PREVIEW) {
      line.append('…');
    }
    if (newline >= 0) {
      line.append(" (+").append(body.lines().count() - 1).append(" lines)");
    }
    return line.toString();
  }
}
