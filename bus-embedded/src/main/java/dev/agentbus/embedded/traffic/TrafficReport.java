package dev.agentbus.embedded.traffic;

import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.MessageEvicted;
import dev.agentbus.embedded.journal.NamespaceRestarted;
import dev.agentbus.embedded.journal.ParkedPolls;
import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.journal.TrafficCounts;
import dev.agentbus.embedded.journal.WireFaultInjected;
import dev.agentbus.embedded.options.ChannellessRecv;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The analysed traffic of one namespace.
 *
 * <p>{@link #messages()} and {@link #rejected()} are what the journal still holds; the journal is
 * bounded and gives up its oldest entries. The {@link #trafficCounts()} are exact whatever it gave
 * up: the methods ending in {@code Total} combine the two, so that a report says how many messages
 * were sent, delivered and lost in all, and how many of them it can still show.
 *
 * @param namespace the namespace id, empty for the root
 * @param channellessRecv what a channel-less poll read on this bus
 * @param messages every message still in the journal, in the order sent
 * @param rejected every refused request still in the journal
 * @param droppedEntries journal entries discarded to stay within its limit; when positive, the
 *     oldest traffic is missing from {@link #messages()}
 * @param parked the polls parked at the moment the report is of, counted as polls by the analysis;
 *     {@link ParkedPolls#none()} for traffic read back from a file
 * @param trafficCounts the namespace's exact counts at the moment the report is of, or {@code null}
 *     when they are not known (traffic read back from a file written without them): the totals are
 *     then those of the journal's entries
 * @param incidents faults a test injected that are not about one message, still in the journal, in
 *     order: restarts of the namespace ({@link NamespaceRestarted}) and faults a proxy injected on
 *     the wire ({@link WireFaultInjected})
 */
public record TrafficReport(
    String namespace,
    ChannellessRecv channellessRecv,
    List<MessageOutcome> messages,
    List<RequestRejected> rejected,
    long droppedEntries,
    ParkedPolls parked,
    TrafficCounts trafficCounts,
    List<JournalEntry> incidents) {

  /**
   * Copies the lists so that a report never changes.
   *
   * @param namespace the namespace id, empty for the root
   * @param channellessRecv what a channel-less poll read on this bus
   * @param messages every message still in the journal, in the order sent
   * @param rejected every refused request still in the journal
   * @param droppedEntries journal entries discarded to stay within its limit; when positive, the
   *     oldest traffic is missing from {@link #messages()}
   * @param parked the polls parked at the moment the report is of, counted as polls by the
   *     analysis; {@link ParkedPolls#none()} for traffic read back from a file
   * @param trafficCounts the namespace's exact counts at the moment the report is of, or {@code
   *     null} when they are not known (traffic read back from a file written without them): the
   *     totals are then those of the journal's entries
   * @param incidents restarts and wire faults still in the journal, in order
   */
  public TrafficReport {
    messages = List.copyOf(messages);
    rejected = List.copyOf(rejected);
    parked = parked == null ? ParkedPolls.none() : parked;
    incidents = incidents == null ? List.of() : List.copyOf(incidents);
  }

  /**
   * A report without incidents: no restart, no wire fault.
   *
   * @param namespace the namespace id, empty for the root
   * @param channellessRecv what a channel-less poll read on this bus
   * @param messages every message still in the journal, in the order sent
   * @param rejected every refused request still in the journal
   * @param droppedEntries journal entries discarded to stay within its limit
   * @param parked the polls parked at the moment the report is of
   * @param trafficCounts the namespace's exact counts, or {@code null} when they are not known
   */
  public TrafficReport(
      String namespace,
      ChannellessRecv channellessRecv,
      List<MessageOutcome> messages,
      List<RequestRejected> rejected,
      long droppedEntries,
      ParkedPolls parked,
      TrafficCounts trafficCounts) {
    this(
        namespace,
        channellessRecv,
        messages,
        rejected,
        droppedEntries,
        parked,
        trafficCounts,
        List.of());
  }

  /**
   * A report without exact counts: its totals are those of the journal's entries.
   *
   * @param namespace the namespace id, empty for the root
   * @param channellessRecv what a channel-less poll read on this bus
   * @param messages every message still in the journal, in the order sent
   * @param rejected every refused request still in the journal
   * @param droppedEntries journal entries discarded to stay within its limit
   * @param parked the polls parked at the moment the report is of
   */
  public TrafficReport(
      String namespace,
      ChannellessRecv channellessRecv,
      List<MessageOutcome> messages,
      List<RequestRejected> rejected,
      long droppedEntries,
      ParkedPolls parked) {
    this(namespace, channellessRecv, messages, rejected, droppedEntries, parked, null, List.of());
  }

  /**
   * A report with no poll known to be parked and without exact counts.
   *
   * @param namespace the namespace id, empty for the root
   * @param channellessRecv what a channel-less poll read on this bus
   * @param messages every message still in the journal, in the order sent
   * @param rejected every refused request still in the journal
   * @param droppedEntries journal entries discarded to stay within its limit
   */
  public TrafficReport(
      String namespace,
      ChannellessRecv channellessRecv,
      List<MessageOutcome> messages,
      List<RequestRejected> rejected,
      long droppedEntries) {
    this(
        namespace,
        channellessRecv,
        messages,
        rejected,
        droppedEntries,
        ParkedPolls.none(),
        null,
        List.of());
  }

  /**
   * @return the messages no poll has returned that the journal still holds, in the order sent; see
   *     {@link #undeliveredTotal()} for all of them
   */
  public List<MessageOutcome> undelivered() {
    return messages.stream().filter(m -> m.status() != DeliveryStatus.DELIVERED).toList();
  }

  /**
   * @return the messages the journal still holds that reached nobody and, while their recipients
   *     poll as they do, never will (see {@link DeliveryStatus#isLost()}); see {@link #lostTotal()}
   *     and {@link #evictedOutOfJournal()} for those it no longer holds
   */
  public List<MessageOutcome> lost() {
    return messages.stream().filter(m -> m.status().isLost()).toList();
  }

  /**
   * @return how many messages the journal still holds have each status; every status is present
   */
  public Map<DeliveryStatus, Integer> counts() {
    Map<DeliveryStatus, Integer> counts = new EnumMap<>(DeliveryStatus.class);
    for (DeliveryStatus status : DeliveryStatus.values()) {
      counts.put(status, 0);
    }
    messages.forEach(m -> counts.merge(m.status(), 1, Integer::sum));
    return counts;
  }

  /**
   * @return how many messages were sent in all, whether or not the journal still holds them
   */
  public long sentTotal() {
    return trafficCounts == null
        ? messages.size()
        : Math.max(trafficCounts.sent(), messages.size());
  }

  /**
   * @return how many messages at least one poll returned, in all
   */
  public long deliveredTotal() {
    return trafficCounts == null ? count(DeliveryStatus.DELIVERED) : trafficCounts.delivered();
  }

  /**
   * @return how many messages were evicted before any poll returned them, in all
   */
  public long evictedTotal() {
    return trafficCounts == null ? count(DeliveryStatus.EVICTED) : trafficCounts.evicted();
  }

  /**
   * @return how many messages reached nobody and never will, in all: every eviction of an unread
   *     message, and the other losses the journal still shows (a channel mismatch, a cursor past
   *     the message, a recipient that never polled); messages whose entries the journal gave up
   *     while they were unread are counted by {@link #undeliveredOutOfJournal()} instead
   */
  public long lostTotal() {
    long lost = evictedTotal();
    for (MessageOutcome outcome : messages) {
      if (outcome.status().isLost() && outcome.status() != DeliveryStatus.EVICTED) {
        lost++;
      }
    }
    return lost;
  }

  /**
   * @return how many messages no poll returned, in all: not yet delivered, lost, or of unknown fate
   */
  public long undeliveredTotal() {
    return sentTotal() - deliveredTotal();
  }

  /**
   * @return messages still queued that no poll has returned and whose {@code sent} entries the
   *     journal no longer holds: what becomes of them cannot be told from the journal. Always 0
   *     without exact counts
   */
  public long undeliveredOutOfJournal() {
    if (trafficCounts == null) {
      return 0;
    }
    long shownUnread = 0;
    for (MessageOutcome outcome : messages) {
      if (outcome.status() != DeliveryStatus.DELIVERED
          && outcome.status() != DeliveryStatus.EVICTED
          && outcome.status() != DeliveryStatus.DROPPED_BY_FAULT
          && outcome.status() != DeliveryStatus.LOST_IN_RESTART) {
        shownUnread++;
      }
    }
    return Math.max(0, trafficCounts.unread() - shownUnread);
  }

  /**
   * @return the evictions of unread messages whose {@code sent} entries the journal no longer
   *     holds, oldest first, as far as their identities were kept ({@link
   *     TrafficCounts#evictionsLeftOut()} counts the rest); lost, with the reason {@link
   *     DeliveryStatus#EVICTED}
   */
  public List<MessageEvicted> evictedOutOfJournal() {
    if (trafficCounts == null || trafficCounts.evictions().isEmpty()) {
      return List.of();
    }
    Set<BigDecimal> shown = new HashSet<>();
    for (MessageOutcome outcome : messages) {
      shown.add(outcome.message().ts().stripTrailingZeros());
    }
    return trafficCounts.evictions().stream()
        .filter(e -> !shown.contains(e.ts().stripTrailingZeros()))
        .toList();
  }

  /**
   * @return how many requests were refused in all, whether or not the journal kept them
   */
  public long rejectedTotal() {
    return trafficCounts == null
        ? rejected.size()
        : Math.max(trafficCounts.rejectedTotal(), rejected.size());
  }

  /**
   * @return refused requests by HTTP status, in all, statuses ascending
   */
  public Map<Integer, Long> rejectedByStatus() {
    if (trafficCounts != null) {
      return trafficCounts.rejected();
    }
    Map<Integer, Long> byStatus = new TreeMap<>();
    rejected.forEach(r -> byStatus.merge(r.status(), 1L, Long::sum));
    return byStatus;
  }

  private long count(DeliveryStatus status) {
    return messages.stream().filter(m -> m.status() == status).count();
  }
}
