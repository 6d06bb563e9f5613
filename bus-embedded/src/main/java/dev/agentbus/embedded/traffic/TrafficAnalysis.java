package dev.agentbus.embedded.traffic;

import dev.agentbus.embedded.ChannellessRecv;
import dev.agentbus.embedded.internal.core.PrintableText;
import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.JournalView;
import dev.agentbus.embedded.journal.MessageEvicted;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.PollAnswered;
import dev.agentbus.embedded.journal.RequestRejected;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Derives what became of every message from a journal: who received it, when, how often, and for a
 * message that reached nobody, why.
 *
 * <p>One pass indexes the polls by the messages they returned and by recipient, so analysing a
 * journal is linear in its size. Stateless and thread-safe.
 */
public final class TrafficAnalysis {

  private static final int BODY_PREVIEW = 40;

  private TrafficAnalysis() {}

  /**
   * Analyses a live journal as it stands.
   *
   * @param namespace the namespace id, for the report
   * @param channellessRecv what a channel-less poll read on that bus
   * @param journal the journal
   * @return the report
   */
  public static TrafficReport analyze(
      String namespace, ChannellessRecv channellessRecv, JournalView journal) {
    return analyze(namespace, channellessRecv, journal.entries(), journal.dropped());
  }

  /**
   * Analyses journal entries, e.g. read back from a JSON-lines file or over HTTP.
   *
   * @param namespace the namespace id, for the report
   * @param channellessRecv what a channel-less poll read on that bus
   * @param entries the entries in journal order
   * @param droppedEntries how many older entries the journal had discarded
   * @return the report
   */
  public static TrafficReport analyze(
      String namespace,
      ChannellessRecv channellessRecv,
      List<JournalEntry> entries,
      long droppedEntries) {
    List<MessageSent> sent = new ArrayList<>();
    List<RequestRejected> rejected = new ArrayList<>();
    Map<BigDecimal, List<PollAnswered>> returnedBy = new HashMap<>();
    Map<String, List<PollAnswered>> pollsByRecipient = new HashMap<>();
    Set<BigDecimal> evicted = new HashSet<>();
    for (JournalEntry entry : entries) {
      if (entry instanceof MessageSent message) {
        sent.add(message);
      } else if (entry instanceof RequestRejected refusal) {
        rejected.add(refusal);
      } else if (entry instanceof MessageEvicted eviction) {
        evicted.add(key(eviction.ts()));
      } else if (entry instanceof PollAnswered poll) {
        pollsByRecipient.computeIfAbsent(poll.to(), to -> new ArrayList<>()).add(poll);
        for (BigDecimal ts : poll.returned()) {
          returnedBy.computeIfAbsent(key(ts), k -> new ArrayList<>(1)).add(poll);
        }
      }
    }
    List<MessageOutcome> outcomes = new ArrayList<>(sent.size());
    for (MessageSent message : sent) {
      outcomes.add(
          outcome(
              message,
              returnedBy.getOrDefault(key(message.ts()), List.of()),
              evicted.contains(key(message.ts())),
              pollsByRecipient.getOrDefault(message.to(), List.of())));
    }
    return new TrafficReport(namespace, channellessRecv, outcomes, rejected, droppedEntries);
  }

  private static MessageOutcome outcome(
      MessageSent message,
      List<PollAnswered> returning,
      boolean evicted,
      List<PollAnswered> polls) {
    if (!returning.isEmpty()) {
      List<Receipt> receipts = new ArrayList<>(returning.size());
      for (PollAnswered poll : returning) {
        double afterMillis = poll.at().subtract(message.ts()).movePointRight(3).doubleValue();
        receipts.add(new Receipt(poll.seq(), poll.at(), afterMillis, poll.channel()));
      }
      return outcome(message, DeliveryStatus.DELIVERED, receipts, List.of());
    }
    if (evicted) {
      return outcome(message, DeliveryStatus.EVICTED, List.of(), List.of());
    }
    if (polls.isEmpty()) {
      return outcome(message, DeliveryStatus.NEVER_POLLED, List.of(), List.of());
    }
    List<PollAnswered> reading = new ArrayList<>();
    Set<String> channelsPolled = new TreeSet<>();
    for (PollAnswered poll : polls) {
      if (poll.readsChannel() == null || poll.readsChannel().equals(message.channel())) {
        reading.add(poll);
      } else {
        channelsPolled.add(poll.readsChannel());
      }
    }
    if (reading.isEmpty()) {
      return outcome(
          message, DeliveryStatus.CHANNEL_MISMATCH, List.of(), List.copyOf(channelsPolled));
    }
    boolean pollSinceSend = false;
    boolean everyLaterPollWasPast = true;
    for (PollAnswered poll : reading) {
      if (poll.at().compareTo(message.ts()) >= 0 && !poll.clientGone()) {
        pollSinceSend = true;
        everyLaterPollWasPast &= poll.since().compareTo(message.ts()) >= 0;
      }
    }
    if (pollSinceSend && everyLaterPollWasPast) {
      return outcome(message, DeliveryStatus.SKIPPED_BY_CURSOR, List.of(), List.of());
    }
    return outcome(message, DeliveryStatus.NOT_YET_DELIVERED, List.of(), List.of());
  }

  private static MessageOutcome outcome(
      MessageSent message,
      DeliveryStatus status,
      List<Receipt> receipts,
      List<String> channelsPolled) {
    String what = describe(message);
    String to = PrintableText.escape(message.to());
    String diagnosis =
        switch (status) {
          case DELIVERED ->
              receipts.size() == 1
                  ? what + " was delivered to " + to + " after " + millis(receipts.get(0))
                  : what
                      + " was delivered "
                      + receipts.size()
                      + " times to "
                      + to
                      + ", first after "
                      + millis(receipts.get(0))
                      + ": a poll read it again";
          case NOT_YET_DELIVERED ->
              what + " is not delivered yet: " + reason(message, status, channelsPolled);
          default -> what + " was never delivered: " + reason(message, status, channelsPolled);
        };
    return new MessageOutcome(message, status, receipts, channelsPolled, diagnosis);
  }

  /**
   * Why a message was not delivered, in words, from the outcome's data.
   *
   * @param outcome a message that is not delivered
   * @return e.g. {@code bob only polled channel c-7}, control characters escaped
   */
  static String reason(MessageOutcome outcome) {
    return reason(outcome.message(), outcome.status(), outcome.channelsPolled());
  }

  private static String reason(
      MessageSent message, DeliveryStatus status, List<String> channelsPolled) {
    String to = PrintableText.escape(message.to());
    return switch (status) {
      case EVICTED -> "it was evicted from " + to + "'s full queue first";
      case NEVER_POLLED -> to + " never polled";
      case CHANNEL_MISMATCH -> to + " only polled " + channels(channelsPolled);
      case SKIPPED_BY_CURSOR ->
          to
              + " polled its channel only with since at or past its ts "
              + message.ts().toPlainString();
      case NOT_YET_DELIVERED -> to + " has not polled its channel since it was sent";
      case DELIVERED -> "it was delivered";
    };
  }

  /**
   * The message in a few words: {@code alice -> bob "ping" (channel default)}.
   *
   * @param message a sent message
   * @return its one-line description, control characters escaped
   */
  static String describe(MessageSent message) {
    return PrintableText.escape(message.from())
        + " -> "
        + PrintableText.escape(message.to())
        + " \""
        + PrintableText.quotable(message.msg(), BODY_PREVIEW)
        + "\" (channel "
        + PrintableText.escape(message.channel())
        + (message.channelGiven() ? "" : ", none given")
        + ")";
  }

  private static String channels(List<String> channels) {
    List<String> names = new ArrayList<>();
    channels.forEach(channel -> names.add(PrintableText.escape(channel)));
    if (names.size() == 1) {
      return "channel " + names.get(0);
    }
    return "channels "
        + String.join(", ", names.subList(0, names.size() - 1))
        + " and "
        + names.get(names.size() - 1);
  }

  private static String millis(Receipt receipt) {
    return String.format(java.util.Locale.ROOT, "%.1f ms", receipt.afterMillis());
  }

  /** Timestamps as map keys, whatever their scale after a JSON round trip. */
  private static BigDecimal key(BigDecimal ts) {
    return ts.stripTrailingZeros();
  }
}
