package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.ChannellessRecv;
import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.journal.JournalView;
import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.traffic.MessageOutcome;
import dev.agentbus.embedded.traffic.TrafficAnalysis;
import dev.agentbus.embedded.traffic.TrafficReport;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /_bus/traffic?from=I&max=N}: the analysed traffic of the namespace as JSON, paged by
 * message: {@code max} (default 500, at most 5,000) messages from index {@code from} (default 0),
 * cut early at about 4 MiB of bodies, with {@code total} and {@code next} (the index to ask for
 * next, or null at the end). Analysis runs off the I/O threads.
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
   * @param rejected the refused requests (the first {@code max} of them)
   * @param rejectedTotal how many requests were refused in all
   * @param droppedEntries journal entries discarded to stay within the journal's bounds
   */
  record TrafficPage(
      String namespace,
      ChannellessRecv channellessRecv,
      int total,
      int from,
      Integer next,
      List<MessageOutcome> messages,
      List<RequestRejected> rejected,
      int rejectedTotal,
      long droppedEntries) {}

  private final AdminWork admin;

  TrafficEndpoint(AdminWork admin) {
    this.admin = admin;
  }

  @Override
  public void handle(HttpServerExchange exchange, Namespace namespace) throws Rejection {
    QueryParams params = new QueryParams(exchange);
    int from = (int) params.number("from", 0, Integer.MAX_VALUE, 0);
    int max = (int) params.number("max", 1, MAX, DEFAULT_MAX);
    admin.dispatch(exchange, () -> AdminWork.Response.json(200, page(namespace, from, max)));
  }

  private static TrafficPage page(Namespace namespace, int from, int max) {
    TrafficReport report =
        TrafficAnalysis.analyze(
            namespace.id(),
            namespace.channellessRecv(),
            namespace.journal().entries(),
            namespace.journal().dropped());
    List<MessageOutcome> all = report.messages();
    List<MessageOutcome> page = new ArrayList<>();
    long bytes = 0;
    int index = Math.min(from, all.size());
    while (index < all.size() && page.size() < max && bytes < JournalView.MAX_PAGE_BYTES) {
      MessageOutcome outcome = all.get(index++);
      page.add(outcome);
      bytes += outcome.message().bytes() + 256L;
    }
    List<RequestRejected> rejected = report.rejected();
    return new TrafficPage(
        report.namespace(),
        report.channellessRecv(),
        all.size(),
        from,
        index < all.size() ? index : null,
        page,
        rejected.subList(0, Math.min(max, rejected.size())),
        rejected.size(),
        report.droppedEntries());
  }
}
