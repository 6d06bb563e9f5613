package dev.agentbus.embedded;

import dev.agentbus.embedded.journal.JournalView;
import dev.agentbus.embedded.journal.ParkedPolls;
import dev.agentbus.embedded.journal.TrafficCounts;
import dev.agentbus.embedded.journal.TrafficSnapshot;
import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.traffic.TrafficAnalysis;
import dev.agentbus.embedded.traffic.TrafficReport;
import dev.agentbus.embedded.traffic.Transcript;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What may be read of one isolated namespace of a bus, and waited for there: its URL and options,
 * its journal, its traffic, its parked polls. A read-only view: it cannot drop the namespace, so it
 * is what code that only looks (a test, a report) is handed. {@link BusNamespace} is the owner's
 * handle, which adds {@link BusNamespace#close()}.
 *
 * <p>The same type serves a bus running in this JVM ({@link AgentBusServer}) and one running
 * elsewhere ({@link dev.agentbus.embedded.remote.RemoteAgentBus}), so that a test's assertions read
 * the same against either. Implementations are thread-safe.
 */
public interface NamespaceView {

  /** The User-Agent the public clients send, which passes the hosted bus's firewall. */
  String BROWSER_USER_AGENT = "Mozilla/5.0";

  /**
   * @return the namespace id; empty for the root namespace
   */
  String id();

  /**
   * @return the namespace's base URL, a complete bus, e.g. {@code http://127.0.0.1:41234/ns/t-1}
   */
  URI url();

  /**
   * @return the options this namespace runs with
   */
  NamespaceOptions options();

  /**
   * The environment an agent process needs to use this namespace, as the public clients read it.
   *
   * @param agent the agent's name ({@code AGENT_NAME})
   * @param channel its channel ({@code AGENT_BUS_CHANNEL}), or {@code null} to leave it unset
   * @return {@code AGENT_BUS_URL}, {@code AGENT_NAME}, {@code AGENT_BUS_CHANNEL} (when given),
   *     {@code AGENT_BUS_UA} and, when the namespace requires one, {@code AGENT_BUS_TOKEN}
   */
  default Map<String, String> environment(String agent, String channel) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("AGENT_BUS_URL", url().toString());
    environment.put("AGENT_NAME", agent);
    if (channel != null) {
      environment.put("AGENT_BUS_CHANNEL", channel);
    }
    environment.put("AGENT_BUS_UA", BROWSER_USER_AGENT);
    if (options().token() != null) {
      environment.put("AGENT_BUS_TOKEN", options().token());
    }
    return environment;
  }

  /**
   * @return a read-only view of this namespace's journal
   */
  JournalView journal();

  /**
   * Reads everything a traffic report is made of at one moment: the journal entries kept before it,
   * how many older ones the journal had discarded, the polls parked and the exact counts. A bus in
   * this JVM reads them all under the lock its journal is written under, so that no message falls
   * between two of the reads. Over HTTP the counts and parked polls are of one moment, and the
   * journal is read up to it afterwards: entries the journal gave up in between are counted as
   * dropped, never shown beside counts that disagree with them.
   *
   * @return the snapshot
   */
  TrafficSnapshot snapshot();

  /**
   * Analyses the traffic as it stands: every message with its delivery outcome and, for those that
   * reached nobody, why. Polls parked right now count as polls: a message whose recipient is parked
   * on another channel is a channel mismatch at once. The report is of one {@link #snapshot()}:
   * entries journaled while it is made are left out. It carries the namespace's exact {@link
   * #counts()} of that same moment, so that its totals stay exact and an evicted message is
   * reported lost even where the journal gave up its entries.
   *
   * @return the report
   */
  default TrafficReport traffic() {
    return TrafficAnalysis.analyze(id(), options().channellessRecv(), snapshot());
  }

  /**
   * The exact counts of this namespace's traffic since it was created (sent, delivered, evicted,
   * refused by status) and the identities of its newest evictions of unread messages. The journal
   * is bounded and gives up its oldest entries; these are kept beside it and never dropped, so a
   * message the bus accepted is either still readable or counted here as evicted. {@link
   * #traffic()} takes them at the same moment as the polls parked and reports with them.
   *
   * @return the counts now, as of their {@link TrafficCounts#asOfSeq()}
   */
  TrafficCounts counts();

  /**
   * @return the traffic rendered for a human, one block per message
   */
  default String transcript() {
    return Transcript.render(traffic());
  }

  /**
   * @return how many {@code /recv} requests are parked in this namespace right now
   */
  int parkedPolls();

  /**
   * The {@code /recv} requests parked in this namespace right now: who listens on which channel,
   * and since when. {@link #traffic()} counts them as polls, so that a listener's parked poll
   * already shows where it listens.
   *
   * @return the snapshot, bounded as {@link ParkedPolls} says
   */
  ParkedPolls parkedNow();

  /**
   * Waits, without polling, until a poll parks in this namespace or stops waiting after the
   * snapshot of {@code version} was taken, then takes a new one: how a watcher sees each poll as it
   * parks. Returns early with the same version only when the namespace was dropped or its bus
   * stopped, since nothing will change there any more.
   *
   * @param version the {@link ParkedPolls#version()} of the snapshot last seen
   * @param timeout the longest wait
   * @return the polls parked once something changed, or when the timeout passed or the namespace
   *     stopped
   * @throws InterruptedException if the waiting thread is interrupted
   */
  ParkedPolls awaitParkedChange(long version, Duration timeout) throws InterruptedException;

  /**
   * Waits, without polling, until at least {@code count} {@code /recv} requests are parked in this
   * namespace (never counting other namespaces').
   *
   * @param count how many parked polls to wait for
   * @param timeout the longest wait
   * @return {@code true} if that many were parked in time, {@code false} on timeout
   * @throws InterruptedException if the waiting thread is interrupted
   */
  boolean awaitParkedPolls(int count, Duration timeout) throws InterruptedException;

  /**
   * Waits, without polling, until {@code agent} has a blocking {@code /recv} parked in this
   * namespace that reads {@code channel}: the moment it is known to be listening there. A
   * channel-less poll reads the channels its namespace's {@link ChannellessRecv} mode says.
   *
   * @param agent the recipient the poll is for
   * @param channel the channel it must read, or {@code null} for any
   * @param timeout the longest wait
   * @return {@code true} if such a poll was parked in time, {@code false} on timeout
   * @throws InterruptedException if the waiting thread is interrupted
   */
  boolean awaitPolling(String agent, String channel, Duration timeout) throws InterruptedException;
}
