package dev.agentbus.embedded.traffic;

import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.MessageDroppedOnPurpose;
import dev.agentbus.embedded.journal.MessageDuplicated;
import dev.agentbus.embedded.journal.MessageEvicted;
import dev.agentbus.embedded.journal.MessageHeldBack;
import dev.agentbus.embedded.journal.MessageLostInRestart;
import dev.agentbus.embedded.journal.MessageReleased;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.NamespaceRestarted;
import dev.agentbus.embedded.journal.ParkedPoll;
import dev.agentbus.embedded.journal.ParkedPolls;
import dev.agentbus.embedded.journal.PollAnswered;
import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.journal.TrafficCounts;
import dev.agentbus.embedded.journal.TrafficSnapshot;
import dev.agentbus.embedded.journal.WireFaultInjected;
import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.text.PrintableText;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Derives what became of every message from a snapshot of one moment (the journal's entries, the
 * polls parked and the exact counts): who received it, when, how often, and for a message that
 * reached nobody, why.
 *
 * <p>A poll parked right now counts as a poll: an agent that listens has its poll parked most of
 * the time, and the journal records it only once it is answered. So a message whose recipient is
 * parked on another channel is a channel mismatch at once, not only after the poll times out.
 *
 * <p>In-bus faults a test injected are read from their entries: a message dropped on purpose is
 * {@link DeliveryStatus#DROPPED_BY_FAULT}, not lost; a poll that returned a duplicate's copy
 * delivered the message once more; a held-back message is {@link DeliveryStatus#HELD_BACK} until it
 * enters its queue, and is then judged by the timestamp it was queued under; a message a restart
 * with its queues lost dropped unread is {@link DeliveryStatus#LOST_IN_RESTART}. A restart itself
 * and a fault a proxy injected on the wire are incidents of the report, in journal order.
 *
 * <p>One pass indexes the polls by the messages they returned and by recipient, so analysing a
 * journal is linear in its size. Stateless and thread-safe.
 */
public final class TrafficAnalysis {

  private static final int BODY_PREVIEW = 40;

  private TrafficAnalysis() {}

  /**
   * Analyses a snapshot of one moment: the entries it holds, together with the polls parked and the
   * exact counts of that moment. Entries from its {@link TrafficSnapshot#asOfSeq()} on, which a
   * capture written by an older version may hold, are left out. A message whose identity the counts
   * keep as evicted is lost, with the reason {@link DeliveryStatus#EVICTED}, even when the journal
   * gave up the entry that recorded it.
   *
   * @param namespace the namespace id, for the report
   * @param channellessRecv what a channel-less poll read on that bus
   * @param snapshot what the report is of, as a namespace takes it ({@code
   *     BusNamespace.snapshot()}) or as read back from files ({@link TrafficSnapshot#of})
   * @return the report
   */
  public static TrafficReport analyze(
      String namespace, ChannellessRecv channellessRecv, TrafficSnapshot snapshot) {
    ParkedPolls parked = snapshot.parked();
    TrafficCounts counts = snapshot.counts();
    long cut = snapshot.asOfSeq();
    List<MessageSent> sent = new ArrayList<>();
    List<RequestRejected> rejected = new ArrayList<>();
    Map<BigDecimal, List<PollAnswered>> returnedBy = new HashMap<>();
    Map<String, List<PollAnswered>> pollsByRecipient = new HashMap<>();
    Map<BigDecimal, MessageEvicted> evicted = new HashMap<>();
    // In-bus faults: a copy's or a released message's queued ts -> the ts its sender was answered.
    Map<BigDecimal, BigDecimal> queuedAs = new HashMap<>();
    Map<BigDecimal, BigDecimal> releasedAs = new HashMap<>();
    Set<BigDecimal> heldBack = new java.util.HashSet<>();
    Set<BigDecimal> droppedOnPurpose = new java.util.HashSet<>();
    Set<BigDecimal> lostInRestart = new java.util.HashSet<>();
    List<JournalEntry> incidents = new ArrayList<>();
    if (counts != null) {
      for (MessageEvicted eviction : counts.evictions()) {
        evicted.put(key(eviction.ts()), eviction);
      }
    }
    for (JournalEntry entry : snapshot.entries()) {
      if (entry.seq() >= cut) {
        break;
      }
      if (entry instanceof MessageSent message) {
        sent.add(message);
      } else if (entry instanceof RequestRejected refusal) {
        rejected.add(refusal);
      } else if (entry instanceof MessageEvicted eviction) {
        evicted.put(queuedAs.getOrDefault(key(eviction.ts()), key(eviction.ts())), eviction);
      } else if (entry instanceof PollAnswered poll) {
        pollsByRecipient.computeIfAbsent(poll.to(), to -> new ArrayList<>()).add(poll);
        for (BigDecimal ts : poll.returned()) {
          returnedBy
              .computeIfAbsent(queuedAs.getOrDefault(key(ts), key(ts)), k -> new ArrayList<>(1))
              .add(poll);
        }
      } else if (entry instanceof MessageDroppedOnPurpose dropped) {
        droppedOnPurpose.add(key(dropped.ts()));
      } else if (entry instanceof MessageDuplicated duplicated) {
        queuedAs.put(key(duplicated.copyTs()), key(duplicated.ts()));
      } else if (entry instanceof MessageHeldBack held) {
        heldBack.add(key(held.ts()));
      } else if (entry instanceof MessageReleased released) {
        queuedAs.put(key(released.queuedTs()), key(released.ts()));
        releasedAs.put(key(released.ts()), released.queuedTs());
      } else if (entry instanceof MessageLostInRestart lost) {
        lostInRestart.add(queuedAs.getOrDefault(key(lost.ts()), key(lost.ts())));
      } else if (entry instanceof NamespaceRestarted || entry instanceof WireFaultInjected) {
        incidents.add(entry);
      }
    }
    Map<String, List<ParkedPoll>> parkedByRecipient = new HashMap<>();
    for (ParkedPoll poll : parked.polls()) {
      parkedByRecipient.computeIfAbsent(poll.to(), to -> new ArrayList<>()).add(poll);
    }
    List<MessageOutcome> outcomes = new ArrayList<>(sent.size());
    for (MessageSent message : sent) {
      BigDecimal ts = key(message.ts());
      List<PollAnswered> returning = returnedBy.getOrDefault(ts, List.of());
      if (returning.isEmpty() && droppedOnPurpose.contains(ts)) {
        outcomes.add(
            outcome(
                message, DeliveryStatus.DROPPED_BY_FAULT, List.of(), List.of(), List.of(), null));
      } else if (returning.isEmpty() && lostInRestart.contains(ts)) {
        outcomes.add(
            outcome(
                message, DeliveryStatus.LOST_IN_RESTART, List.of(), List.of(), List.of(), null));
      } else if (returning.isEmpty() && heldBack.contains(ts) && !releasedAs.containsKey(ts)) {
        outcomes.add(
            outcome(message, DeliveryStatus.HELD_BACK, List.of(), List.of(), List.of(), null));
      } else {
        outcomes.add(
            outcome(
                message,
                releasedAs.getOrDefault(ts, message.ts()),
                returning,
                evicted.get(ts),
                pollsByRecipient.getOrDefault(message.to(), List.of()),
                parkedByRecipient.getOrDefault(message.to(), List.of())));
      }
    }
    return new TrafficReport(
        namespace,
        channellessRecv,
        outcomes,
        rejected,
        snapshot.droppedEntries(),
        parked,
        counts,
        incidents);
  }

  /**
   * @param queuedTs the timestamp the message is queued under: its own, or the one it entered its
   *     queue with after an in-bus fault held it back; cursors are judged against it
   */
  private static MessageOutcome outcome(
      MessageSent message,
      BigDecimal queuedTs,
      List<PollAnswered> returning,
      MessageEvicted evicted,
      List<PollAnswered> polls,
      List<ParkedPoll> parked) {
    if (!returning.isEmpty()) {
      List<Receipt> receipts = new ArrayList<>(returning.size());
      for (PollAnswered poll : returning) {
        double afterMillis = poll.at().subtract(message.ts()).movePointRight(3).doubleValue();
        receipts.add(new Receipt(poll.seq(), poll.at(), afterMillis, poll.channel()));
      }
      return outcome(message, DeliveryStatus.DELIVERED, receipts, List.of(), List.of(), null);
    }
    if (evicted != null) {
      return outcome(message, DeliveryStatus.EVICTED, List.of(), List.of(), List.of(), evicted);
    }
    if (polls.isEmpty() && parked.isEmpty()) {
      return outcome(message, DeliveryStatus.NEVER_POLLED, List.of(), List.of(), List.of(), null);
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
    List<ParkedPoll> parkedReading = new ArrayList<>();
    for (ParkedPoll poll : parked) {
      if (poll.reads(message.channel())) {
        parkedReading.add(poll);
      } else {
        channelsPolled.add(poll.readsChannel());
      }
    }
    if (reading.isEmpty() && parkedReading.isEmpty()) {
      // Every poll, answered or parked right now, reads other channels.
      return outcome(
          message,
          DeliveryStatus.CHANNEL_MISMATCH,
          List.of(),
          List.copyOf(channelsPolled),
          parked,
          null);
    }
    boolean pollSinceSend = false;
    boolean everyLaterPollWasPast = true;
    for (PollAnswered poll : reading) {
      if (poll.at().compareTo(queuedTs) >= 0 && !poll.clientGone()) {
        pollSinceSend = true;
        everyLaterPollWasPast &= poll.since().compareTo(queuedTs) >= 0;
      }
    }
    // A parked poll is polling after the send. The bus answers it under the same lock that
    // accepts a message it reads, so one whose cursor is before the message does not outlive it:
    // when it is listed here, its answer is on the way.
    for (ParkedPoll poll : parkedReading) {
      pollSinceSend = true;
      everyLaterPollWasPast &= poll.since().compareTo(queuedTs) >= 0;
    }
    if (pollSinceSend && everyLaterPollWasPast) {
      return outcome(
          message, DeliveryStatus.SKIPPED_BY_CURSOR, List.of(), List.of(), parkedReading, null);
    }
    return outcome(
        message, DeliveryStatus.NOT_YET_DELIVERED, List.of(), List.of(), parkedReading, null);
  }

  private static MessageOutcome outcome(
      MessageSent message,
      DeliveryStatus status,
      List<Receipt> receipts,
      List<String> channelsPolled,
      List<ParkedPoll> parkedNow,
      MessageEvicted eviction) {
    String what = describe(message);
    String to = PrintableText.escape(message.to());
    String reason = reason(message, status, channelsPolled, parkedNow, eviction);
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
          case NOT_YET_DELIVERED -> what + " is not delivered yet: " + reason;
          case DROPPED_BY_FAULT -> what + " was dropped on purpose: " + reason;
          case HELD_BACK -> what + " is held back: " + reason;
          case LOST_IN_RESTART -> what + " was lost in a restart: " + reason;
          default -> what + " was never delivered: " + reason;
        };
    return new MessageOutcome(
        message, status, receipts, channelsPolled, parkedNow, diagnosis, eviction);
  }

  /**
   * Why a message was not delivered, in words, from the outcome's data.
   *
   * @param outcome a message that is not delivered
   * @return e.g. {@code bob only polled channel c-7}, control characters escaped
   */
  static String reason(MessageOutcome outcome) {
    return reason(
        outcome.message(),
        outcome.status(),
        outcome.channelsPolled(),
        outcome.parkedNow(),
        outcome.eviction());
  }

  /**
   * An eviction of a message no poll had returned, whose {@code sent} entry the journal no longer
   * holds, in words: what the message was, as far as it is known, and why it is lost.
   *
   * @param eviction the eviction, as {@link TrafficCounts#evictions()} keeps it
   * @return e.g. {@code alice -> bob (channel c-7, ts 1712345678.000001; its send is no longer in
   *     the journal) was never delivered: it was evicted from bob's full queue first}
   */
  public static String diagnosis(MessageEvicted eviction) {
    return PrintableText.escape(eviction.from())
        + " -> "
        + PrintableText.escape(eviction.to())
        + " (channel "
        + PrintableText.escape(eviction.channel())
        + ", ts "
        + eviction.ts().toPlainString()
        + "; its send is no longer in the journal) was never delivered: "
        + evictedReason(eviction);
  }

  /**
   * Why an evicted message is lost, from its eviction's data.
   *
   * @param eviction the eviction
   * @return e.g. {@code it was evicted from bob's full queue first}
   */
  static String evictedReason(MessageEvicted eviction) {
    String to = PrintableText.escape(eviction.to());
    if (eviction.cause() == null) {
      return "it was evicted from " + to + "'s queue first";
    }
    return switch (eviction.cause()) {
      case QUEUE_FULL -> "it was evicted from " + to + "'s full queue first";
      case MEMORY_BUDGET ->
          "it was evicted from "
              + to
              + "'s queue first, to make room in the bus's memory budget for newer traffic";
    };
  }

  private static String reason(
      MessageSent message,
      DeliveryStatus status,
      List<String> channelsPolled,
      List<ParkedPoll> parkedNow,
      MessageEvicted eviction) {
    String to = PrintableText.escape(message.to());
    return switch (status) {
      case EVICTED ->
          eviction == null
              ? "it was evicted from " + to + "'s queue first"
              : evictedReason(eviction);
      case NEVER_POLLED -> to + " never polled";
      case CHANNEL_MISMATCH ->
          to
              + " only polled "
              + channels(channelsPolled)
              + (parkedNow.isEmpty() ? "" : " and " + parked(message, parkedNow, channelsPolled));
      case SKIPPED_BY_CURSOR ->
          to
              + " polled its channel only with since at or past its ts "
              + message.ts().toPlainString()
              + (parkedNow.isEmpty() ? "" : " and " + parked(message, parkedNow, null));
      case NOT_YET_DELIVERED ->
          parkedNow.isEmpty()
              ? to + " has not polled its channel since it was sent"
              : to + " " + parked(message, parkedNow, null) + ", so its answer is on the way";
      case DROPPED_BY_FAULT -> "an in-bus fault dropped it after the bus accepted it";
      case HELD_BACK -> "an in-bus fault holds it back";
      case LOST_IN_RESTART ->
          "a restart of the namespace with its queues lost dropped it before any poll returned it";
      case DELIVERED -> "it was delivered";
    };
  }

  /**
   * Where and since when the recipient is parked: {@code is parked there now, since 2.0 ms before
   * it was sent}.
   *
   * @param named the channels the sentence has just named, or {@code null} when it named the
   *     message's own: "there" when the parked polls read just those
   */
  private static String parked(
      MessageSent message, List<ParkedPoll> parkedNow, List<String> named) {
    Set<String> channels = new TreeSet<>();
    boolean everyChannel = false;
    BigDecimal since = null;
    for (ParkedPoll poll : parkedNow) {
      if (poll.readsChannel() == null) {
        everyChannel = true;
      } else {
        channels.add(poll.readsChannel());
      }
      since = since == null || poll.at().compareTo(since) < 0 ? poll.at() : since;
    }
    String where;
    if (named == null) {
      where = everyChannel ? "on every channel" : "on its channel";
    } else if (!everyChannel && channels.equals(new TreeSet<>(named))) {
      where = "there";
    } else {
      where = "on " + channels(List.copyOf(channels));
    }
    return "is parked " + where + " now, since " + relative(since, message.ts());
  }

  /** {@code 2.0 ms before it was sent}, {@code 1.250 s after it was sent}. */
  private static String relative(BigDecimal at, BigDecimal sent) {
    BigDecimal millis = sent.subtract(at).movePointRight(3);
    double abs = Math.abs(millis.doubleValue());
    String amount =
        abs < 1000
            ? String.format(java.util.Locale.ROOT, "%.1f ms", abs)
            : String.format(java.util.Locale.ROOT, "%.3f s", abs / 1000);
    return amount + (millis.signum() >= 0 ? " before it was sent" : " after it was sent");
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
