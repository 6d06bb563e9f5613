package dev.agentbus.maven;

import dev.agentbus.embedded.faults.RestartQueues;
import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.MessageDroppedOnPurpose;
import dev.agentbus.embedded.journal.MessageEvicted;
import dev.agentbus.embedded.journal.MessageLostInRestart;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.NamespaceRestarted;
import dev.agentbus.embedded.journal.ParkedPolls;
import dev.agentbus.embedded.journal.PollAnswered;
import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.journal.TrafficCounts;
import dev.agentbus.embedded.journal.TrafficSnapshot;
import dev.agentbus.embedded.journal.WireFaultInjected;
import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.traffic.TrafficAnalysis;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds journals entry by entry, as the bus would record them, for tests of what reads them. */
final class Journals {

  private final List<JournalEntry> entries = new ArrayList<>();
  private BigDecimal clock = new BigDecimal("1795617600.000000");

  /** A send; {@code channel} null means the sender named none and it landed on default. */
  Journals sent(String from, String to, String channel, String msg) {
    tick();
    entries.add(
        new MessageSent(
            entries.size() + 1,
            clock,
            channel == null ? "default" : channel,
            channel != null,
            from,
            to,
            msg,
            msg.length(),
            "Mozilla/5.0"));
    return this;
  }

  /** A poll of {@code to} on {@code channel} that returned every earlier message sent to it. */
  Journals polled(String to, String channel) {
    tick();
    List<BigDecimal> returned = new ArrayList<>();
    for (JournalEntry entry : entries) {
      if (entry instanceof MessageSent sent
          && sent.to().equals(to)
          && sent.channel().equals(channel)) {
        returned.add(sent.ts());
      }
    }
    entries.add(
        new PollAnswered(
            entries.size() + 1,
            clock,
            to,
            channel,
            channel,
            BigDecimal.ZERO,
            true,
            100,
            returned,
            clock,
            0,
            false,
            "Mozilla/5.0"));
    return this;
  }

  /** An in-bus fault dropped the message sent last, on purpose. */
  Journals droppedOnPurpose() {
    MessageSent last = null;
    for (JournalEntry entry : entries) {
      if (entry instanceof MessageSent sent) {
        last = sent;
      }
    }
    entries.add(
        new MessageDroppedOnPurpose(
            entries.size() + 1, last.ts(), last.ts(), last.channel(), last.from(), last.to()));
    return this;
  }

  /** A restart with its queues lost dropped the message sent last, unread. */
  Journals lostInRestart() {
    MessageSent last = null;
    for (JournalEntry entry : entries) {
      if (entry instanceof MessageSent sent) {
        last = sent;
      }
    }
    entries.add(
        new MessageLostInRestart(
            entries.size() + 1, last.ts(), last.ts(), last.channel(), last.from(), last.to()));
    entries.add(
        new NamespaceRestarted(entries.size() + 1, last.ts(), RestartQueues.LOST, 1, 0, 500));
    return this;
  }

  /** A proxy's fault on the wire, as its test reported it. */
  Journals wireFault(String agent, String request, String fault) {
    tick();
    entries.add(new WireFaultInjected(entries.size() + 1, clock, agent, request, fault));
    return this;
  }

  Journals rejected(String method, String endpoint, int status, String error) {
    tick();
    entries.add(
        new RequestRejected(entries.size() + 1, clock, method, endpoint, status, error, Map.of()));
    return this;
  }

  /**
   * A flood whose journal entries are all gone: one eviction known by identity, two more counted
   * only, five {@code sent} entries given up unread, and 3,000 refusals of which none is journaled.
   */
  static TrafficReport flooded() {
    MessageEvicted eviction =
        new MessageEvicted(
            9,
            new BigDecimal("1795617600.5"),
            new BigDecimal("1795617600.1"),
            "c",
            "alice",
            "bob-0",
            MessageEvicted.Cause.MEMORY_BUDGET);
    TrafficCounts counts =
        new TrafficCounts(40, 10, 7, 3, 0, 5, Map.of(401, 3_000L), 3_000, List.of(eviction), 2);
    return new TrafficReport(
        "flood", ChannellessRecv.ALL, List.of(), List.of(), 39, ParkedPolls.none(), counts);
  }

  List<JournalEntry> entries() {
    return List.copyOf(entries);
  }

  TrafficReport report(String namespace) {
    return TrafficAnalysis.analyze(
        namespace, ChannellessRecv.ALL, TrafficSnapshot.of(entries(), 0));
  }

  private void tick() {
    clock = clock.add(new BigDecimal("0.001000"));
  }
}
