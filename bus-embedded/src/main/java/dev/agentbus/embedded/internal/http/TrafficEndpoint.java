package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.internal.core.JsonBytes;
import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.journal.JournalView;
import dev.agentbus.embedded.journal.ParkedPoll;
import dev.agentbus.embedded.journal.ParkedPolls;
import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.journal.TrafficCounts;
import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.traffic.MessageOutcome;
import dev.agentbus.embedded.traffic.Receipt;
import dev.agentbus.embedded.traffic.TrafficAnalysis;
import dev.agentbus.embedded.traffic.TrafficReport;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /_bus/traffic?from=I&max=N}: the analysed traffic of the namespace as JSON, paged by
 * message: {@code max} (default 500, at most 5,000) messages from index {@code from} (default 0),
 * and the first of the refused requests, cut early so that the answer stays within {@link
 * JournalView#MAX_PAGE_BYTES} bytes of JSON (always at least one message), with {@code total} and
 * {@code next} (the index to ask for next, or null at the end). Analysis runs off the I/O threads.
 */
final class TrafficEndpoint implements Endpoint {

  private static final int DEFAULT_MAX = 500;
  private static final int MAX = 5_000;

  /**
   * One page of a traffic report.
   *
   * @param namespace the namespace id
   * @param channellessRecv what a channel-less poll reads there
   * @param total how many messages the report holds
   * @param from the index of the first message of this page
   * @param next the index to ask for next, or {@code null} when this page is the last
   * @param messages the page's messages and their outcomes
   * @param rejected the first refused requests: at most {@code max}, and only as many as fit in the
   *     page's bytes after its messages
   * @param rejectedTotal how many requests were refused in all, journaled or not
   * @param droppedEntries journal entries discarded to stay within the journal's bounds
   * @param parked the polls parked at the moment the report is of, which the analysis counted as
   *     polls
   * @param counts the namespace's exact counts at that moment, which outlive the journal's entries
   */
  record TrafficPage(
      String namespace,
      ChannellessRecv channellessRecv,
      int total,
      int from,
      Integer next,
      List<MessageOutcome> messages,
      List<RequestRejected> rejected,
      long rejectedTotal,
      long droppedEntries,
      ParkedPolls parked,
      TrafficCounts counts) {}

  private final AdminWork admin;

  TrafficEndpoint(AdminWork admin) {
    this.admin = admin;
  }

  @Override
  public void handle(HttpServerExchange exchange, AddressedNamespace target) throws Rejection {
    Namespace namespace = target.accept();
    QueryParams params = new QueryParams(exchange);
    int from = (int) params.number("from", 0, Integer.MAX_VALUE, 0);
    int max = (int) params.number("max", 1, MAX, DEFAULT_MAX);
    admin.dispatch(
        exchange,
        // the page is at most its byte cap
        () ->
            AdminWork.reportBytes(
                namespace,
                entries ->
                    Math.min(
                        JournalView.MAX_PAGE_BYTES, entries * AdminWork.ANALYSIS_BYTES_PER_ENTRY)),
        () -> AdminWork.Response.json(200, page(namespace, from, max)));
  }

  private static TrafficPage page(Namespace namespace, int from, int max) {
    TrafficReport report = analyze(namespace);
    // Messages and refusals share the page's cap, counted in the bytes the JSON answer will take
    // (escapes and UTF-8 included): a page holds at least one message, so readers progress.
    long bytes =
        JsonBytes.ENTRY
            + JsonBytes.of(report.namespace())
            + weight(report.parked())
            + weight(report.trafficCounts());
    List<MessageOutcome> all = report.messages();
    List<MessageOutcome> page = new ArrayList<>();
    int index = Math.min(from, all.size());
    while (index < all.size() && page.size() < max) {
      MessageOutcome outcome = all.get(index);
      long weight = weight(outcome);
      if (!page.isEmpty() && bytes + weight > JournalView.MAX_PAGE_BYTES) {
        break;
      }
      page.add(outcome);
      bytes += weight;
      index++;
    }
    List<RequestRejected> rejected = report.rejected();
    int shown = 0;
    while (shown < Math.min(max, rejected.size())) {
      long weight = JsonBytes.of(rejected.get(shown));
      if (bytes + weight > JournalView.MAX_PAGE_BYTES) {
        break;
      }
      bytes += weight;
      shown++;
    }
    return new TrafficPage(
        report.namespace(),
        report.channellessRecv(),
        all.size(),
        from,
        index < all.size() ? index : null,
        page,
        List.copyOf(rejected.subList(0, shown)),
        report.rejectedTotal(),
        report.droppedEntries(),
        report.parked(),
        report.trafficCounts());
  }

  /**
   * The namespace's traffic as the bus sees it now, parked polls counted.
   *
   * @param namespace the namespace
   * @return its report
   */
  static TrafficReport analyze(Namespace namespace) {
    return TrafficAnalysis.analyze(
        namespace.id(), namespace.channellessRecv(), namespace.snapshot());
  }

  /** At least the bytes the counts take in JSON. */
  private static long weight(TrafficCounts counts) {
    long bytes = JsonBytes.ENTRY + 32L * counts.rejected().size();
    for (var eviction : counts.evictions()) {
      bytes += JsonBytes.of(eviction);
    }
    return bytes;
  }

  /** At least the bytes parked polls take in JSON. */
  private static long weight(ParkedPolls parked) {
    long bytes = JsonBytes.ENTRY;
    for (ParkedPoll poll : parked.polls()) {
      bytes += weight(poll);
    }
    return bytes;
  }

  private static long weight(ParkedPoll poll) {
    return JsonBytes.ENTRY
        + JsonBytes.of(poll.to())
        + JsonBytes.of(poll.channel())
        + JsonBytes.of(poll.readsChannel());
  }

  /** At least the bytes an outcome takes in the JSON page. */
  private static long weight(MessageOutcome outcome) {
    long bytes =
        JsonBytes.ENTRY + JsonBytes.of(outcome.message()) + JsonBytes.of(outcome.diagnosis());
    for (Receipt receipt : outcome.receipts()) {
      bytes += JsonBytes.ENTRY + JsonBytes.of(receipt.channel());
    }
    for (String channel : outcome.channelsPolled()) {
      bytes += JsonBytes.of(channel) + 1;
    }
    for (ParkedPoll poll : outcome.parkedNow()) {
      bytes += weight(poll);
    }
    return bytes;
  }
}
