package dev.agentbus.embedded.internal.core;

import dev.agentbus.embedded.ChannellessRecv;
import java.time.Duration;

/**
 * The behaviour knobs of the bus core (the HTTP layer has its own).
 *
 * @param channellessRecv what a recv without channel reads
 * @param recvTimeout how long a blocking recv stays parked before it answers empty
 * @param maxQueue the most messages kept per channel and recipient; the oldest is evicted
 * @param journalLimit the most journal entries kept per namespace
 */
public record BusSettings(
    ChannellessRecv channellessRecv, Duration recvTimeout, int maxQueue, int journalLimit) {}
