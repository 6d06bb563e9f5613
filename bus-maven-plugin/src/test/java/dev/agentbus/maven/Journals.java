package dev.agentbus.maven;

import dev.agentbus.embedded.ChannellessRecv;
import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.PollAnswered;
import dev.agentbus.embedded.journal.RequestRejected;
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

  Journals rejected(String method, String endpoint, int status, String error) {
    tick();
    entries.add(
        new RequestRejected(entries.size() + 1, clock, method, endpoint, status, error, Map.of()));
    return this;
  }

  List<JournalEntry> entries() {
    return List.copyOf(entries);
  }

  TrafficReport report(String namespace) {
    return TrafficAnalysis.analyze(namespace, ChannellessRecv.ALL, entries(), 0);
  }

  private void tick() {
    clock = clock.add(new BigDecimal("0.001000"));
  }
}
