package dev.agentbus.maven;

import dev.agentbus.embedded.journal.ParkedPolls;
import dev.agentbus.embedded.journal.TrafficCounts;
import dev.agentbus.embedded.options.ChannellessRecv;

/**
 * One namespace in the index of a build's captured traffic: what {@code bus:verify} needs, besides
 * the journal itself, to analyse it again.
 *
 * @param id the namespace id, empty for the root
 * @param channellessRecv what a channel-less poll read in it
 * @param journal the file holding its journal as JSON lines, relative to the capture directory
 * @param droppedEntries journal entries it had discarded to stay within its limit
 * @param parked the polls parked when it was captured, which count as polls when it is analysed
 *     again; none in an index written before they were kept
 * @param counts its exact counts when it was captured, which outlive the journal's entries; {@code
 *     null} in an index written before they were kept
 */
record CapturedNamespace(
    String id,
    ChannellessRecv channellessRecv,
    String journal,
    long droppedEntries,
    ParkedPolls parked,
    TrafficCounts counts) {

  /** An index written before parked polls were kept reads as having none. */
  CapturedNamespace {
    parked = parked == null ? ParkedPolls.none() : parked;
  }

  /** A namespace captured with no poll parked, as one is once its bus stopped. */
  CapturedNamespace(
      String id, ChannellessRecv channellessRecv, String journal, long droppedEntries) {
    this(id, channellessRecv, journal, droppedEntries, ParkedPolls.none(), null);
  }
}
