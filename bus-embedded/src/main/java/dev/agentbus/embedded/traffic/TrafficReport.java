package dev.agentbus.embedded.traffic;

import dev.agentbus.embedded.ChannellessRecv;
import dev.agentbus.embedded.journal.ParkedPolls;
import dev.agentbus.embedded.journal.RequestRejected;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The analysed traffic of one namespace.
 *
 * @param namespace the namespace id, empty for the root
 * @param channellessRecv what a channel-less poll read on this bus
 * @param messages every message still in the journal, in the order sent
 * @param rejected every refused request still in the journal
 * @param droppedEntries journal entries discarded to stay within its limit; when positive, the
 *     oldest traffic is missing from this report
 * @param parked the polls parked at the moment the report is of, counted as polls by the analysis;
 *     {@link ParkedPolls#none()} for traffic read back from a file
 */
public record TrafficReport(
    String namespace,
    ChannellessRecv channellessRecv,
    List<MessageOutcome> messages,
    List<RequestRejected> rejected,
    long droppedEntries,
    ParkedPolls parked) {

  /** Copies the lists so that a report never changes. */
  public TrafficReport {
    messages = List.copyOf(messages);
    rejected = List.copyOf(rejected);
    parked = parked == null ? ParkedPolls.none() : parked;
  }

  /**
   * A report with no poll known to be parked.
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
    this(namespace, channellessRecv, messages, rejected, droppedEntries, ParkedPolls.none());
  }

  /**
   * @return the messages no poll has returned, in the order sent
   */
  public List<MessageOutcome> undelivered() {
    return messages.stream().filter(m -> m.status() != DeliveryStatus.DELIVERED).toList();
  }

  /**
   * @return the messages that reached nobody and, while their recipients poll as they do, never
   *     will (see {@link DeliveryStatus#isLost()})
   */
  public List<MessageOutcome> lost() {
    return messages.stream().filter(m -> m.status().isLost()).toList();
  }

  /**
   * @return how many messages have each status; every status is present
   */
  public Map<DeliveryStatus, Integer> counts() {
    Map<DeliveryStatus, Integer> counts = new EnumMap<>(DeliveryStatus.class);
    for (DeliveryStatus status : DeliveryStatus.values()) {
      counts.put(status, 0);
    }
    messages.forEach(m -> counts.merge(m.status(), 1, Integer::sum));
    return counts;
  }
}
