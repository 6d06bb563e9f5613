package dev.agentbus.maven;

import dev.agentbus.embedded.ChannellessRecv;

/**
 * One namespace in the index of a build's captured traffic: what {@code bus:verify} needs, besides
 * the journal itself, to analyse it again.
 *
 * @param id the namespace id, empty for the root
 * @param channellessRecv what a channel-less poll read in it
 * @param journal the file holding its journal as JSON lines, relative to the capture directory
 * @param droppedEntries journal entries it had discarded to stay within its limit
 */
record CapturedNamespace(
    String id, ChannellessRecv channellessRecv, String journal, long droppedEntries) {}
