package dev.agentbus.maven;

import dev.agentbus.embedded.journal.MessageEvicted;
import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.journal.TrafficCounts;
import dev.agentbus.embedded.traffic.DeliveryStatus;
import dev.agentbus.embedded.traffic.MessageOutcome;
import dev.agentbus.embedded.traffic.TrafficAnalysis;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The human summary of a build's traffic: a headline for the build log, and a page with a table of
 * every namespace and each message that reached nobody or request that was refused, with its
 * diagnosis. Reports are added one at a time and only what the page shows is kept of them, so a
 * build's traffic need not fit in the heap; the root's come first wherever it is added. Not
 * thread-safe.
 */
final class BuildSummary {

  /** Lines per section; the transcript next to the summary has everything. */
  static final int MAX_LISTED = 200;

  private final Tally total = new Tally();
  private final List<Row> rows = new ArrayList<>();
  private final Listing undelivered = new Listing();
  private final Listing rejected = new Listing();

  /**
   * @param reports one per namespace
   * @return one line, e.g. {@code 7 messages in 3 namespaces: 6 delivered, 0 not yet, 1 lost
   *     (channel mismatch 1); 1 request rejected}
   */
  static String headline(List<TrafficReport> reports) {
    BuildSummary summary = new BuildSummary();
    reports.forEach(summary::add);
    return summary.headline();
  }

  /**
   * @param reports one per namespace
   * @return the summary page, lines ending in {@code \n}
   */
  static String render(List<TrafficReport> reports) {
    BuildSummary summary = new BuildSummary();
    reports.forEach(summary::add);
    return summary.render();
  }

  /**
   * Counts a namespace in and keeps its row and the first lines of its diagnoses.
   *
   * @param report the namespace's report
   */
  void add(TrafficReport report) {
    boolean root = report.namespace().isEmpty();
    total.add(report);
    Tally own = new Tally();
    own.add(report);
    rows.add(root ? 0 : rows.size(), new Row(name(report), own, report.droppedEntries()));
    List<String> lost = new ArrayList<>();
    for (MessageEvicted eviction : report.evictedOutOfJournal()) {
      lost.add("[" + name(report) + "] " + TrafficAnalysis.diagnosis(eviction));
    }
    TrafficCounts counts = report.trafficCounts();
    if (counts != null && counts.evictionsLeftOut() > 0) {
      lost.add(
          "["
              + name(report)
              + "] "
              + counts.evictionsLeftOut()
              + " older messages were evicted before any poll returned them; the bus kept no more"
              + " of their identities");
    }
    if (report.undeliveredOutOfJournal() > 0) {
      lost.add(
          "["
              + name(report)
              + "] "
              + report.undeliveredOutOfJournal()
              + " messages no poll returned whose journal entries were dropped");
    }
    for (MessageOutcome outcome : report.undelivered()) {
      lost.add("[" + name(report) + "] " + outcome.diagnosis());
    }
    List<String> refused = new ArrayList<>();
    for (RequestRejected refusal : report.rejected()) {
      refused.add("[" + name(report) + "] " + describe(refusal));
    }
    long unjournaled = report.rejectedTotal() - report.rejected().size();
    if (unjournaled > 0) {
      refused.add(
          "["
              + name(report)
              + "] "
              + unjournaled
              + " more refused requests counted but not journaled (by status: "
              + statuses(report.rejectedByStatus())
              + ")");
    }
    undelivered.add(lost, root);
    rejected.add(refused, root);
  }

  /**
   * @return one line, e.g. {@code 7 messages in 3 namespaces: 6 delivered, 0 not yet, 1 lost
   *     (channel mismatch 1); 1 request rejected}
   */
  String headline() {
    return total.headline();
  }

  /**
   * @return the summary page, lines ending in {@code \n}
   */
  String render() {
    StringBuilder out = new StringBuilder();
    out.append("agent-bus traffic of this build: ").append(headline()).append("\n\n");
    int width = "namespace".length();
    for (Row row : rows) {
      width = Math.max(width, row.name().length());
    }
    String format = "%-" + width + "s  %8s  %9s  %7s  %4s  %8s%n";
    out.append(
        String.format(
            Locale.ROOT,
            format,
            "namespace",
            "messages",
            "delivered",
            "not yet",
            "lost",
            "rejected"));
    for (Row row : rows) {
      Tally totals = row.totals();
      out.append(
          String.format(
              Locale.ROOT,
              format,
              row.name(),
              totals.messages,
              totals.count(DeliveryStatus.DELIVERED),
              totals.count(DeliveryStatus.NOT_YET_DELIVERED),
              totals.lost,
              totals.rejected));
      if (row.droppedEntries() > 0) {
        out.append("  (")
            .append(row.droppedEntries())
            .append(" older journal entries of ")
            .append(row.name())
            .append(" were dropped, for the journal limit or the memory budget; raise")
            .append(" agentbus.journalLimit, or agentbus.memoryBudget with MAVEN_OPTS=-Xmx, to")
            .append(" keep them)\n");
      }
    }
    undelivered.render(out, "Not delivered");
    rejected.render(out, "Rejected requests");
    return out.toString();
  }

  /**
   * @param report a namespace's report
   * @return its id, or {@code (root)} for the root namespace
   */
  static String name(TrafficReport report) {
    return report.namespace().isEmpty() ? "(root)" : report.namespace();
  }

  /**
   * @param refusal a refused request
   * @return e.g. {@code POST /send 400: field "msg" must be a string, got a number}
   */
  static String describe(RequestRejected refusal) {
    return refusal.method()
        + " "
        + refusal.endpoint()
        + " "
        + refusal.status()
        + ": "
        + refusal.error();
  }

  /**
   * @param byStatus counts by HTTP status
   * @return e.g. {@code 400: 2, 401: 3000}
   */
  static String statuses(Map<Integer, Long> byStatus) {
    List<String> parts = new ArrayList<>();
    byStatus.forEach((status, count) -> parts.add(status + ": " + count));
    return String.join(", ", parts);
  }

  private static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  /** One namespace's line in the table. */
  private record Row(String name, Tally totals, long droppedEntries) {}

  /** The first {@link #MAX_LISTED} lines of a section, the root's first, and how many in all. */
  private static final class Listing {
    private final Deque<String> lines = new ArrayDeque<>();
    private int total;

    void add(List<String> more, boolean first) {
      total += more.size();
      if (first) {
        for (int i = more.size() - 1; i >= 0; i--) {
          lines.addFirst(more.get(i));
          if (lines.size() > MAX_LISTED) {
            lines.removeLast();
          }
        }
        return;
      }
      for (String line : more) {
        if (lines.size() == MAX_LISTED) {
          return;
        }
        lines.addLast(line);
      }
    }

    void render(StringBuilder out, String title) {
      if (total == 0) {
        return;
      }
      out.append('\n').append(title).append(" (").append(total).append("):\n");
      for (String line : lines) {
        out.append("  ").append(line).append('\n');
      }
      if (total > lines.size()) {
        out.append("  ... and ")
            .append(total - lines.size())
            .append(" more in ")
            .append(CaptureDirectory.TRANSCRIPT_FILE)
            .append('\n');
      }
    }
  }

  /**
   * Counts of reports added one by one, so that a build's traffic can be summed up without holding
   * it all at once. Not thread-safe.
   */
  static final class Tally {
    private final Map<DeliveryStatus, Long> byStatus = new EnumMap<>(DeliveryStatus.class);
    private int namespaces;
    private long messages;
    private long lost;
    private long unknown;
    private long rejected;

    /** Counts a namespace in, exactly where it kept counts, else as far as its journal shows. */
    void add(TrafficReport report) {
      namespaces++;
      messages += report.sentTotal();
      lost += report.lostTotal();
      unknown += report.undeliveredOutOfJournal();
      rejected += report.rejectedTotal();
      report.counts().forEach((status, count) -> byStatus.merge(status, (long) count, Long::sum));
      byStatus.merge(
          DeliveryStatus.DELIVERED,
          report.deliveredTotal() - report.counts().get(DeliveryStatus.DELIVERED),
          Long::sum);
      byStatus.merge(
          DeliveryStatus.EVICTED,
          report.evictedTotal() - report.counts().get(DeliveryStatus.EVICTED),
          Long::sum);
    }

    /**
     * @return one line, e.g. {@code 7 messages in 3 namespaces: 6 delivered, 0 not yet, 1 lost
     *     (channel mismatch 1); 1 request rejected}
     */
    String headline() {
      StringBuilder line =
          new StringBuilder()
              .append(plural(messages, "message"))
              .append(" in ")
              .append(plural(namespaces, "namespace"))
              .append(": ")
              .append(count(DeliveryStatus.DELIVERED))
              .append(" delivered, ")
              .append(count(DeliveryStatus.NOT_YET_DELIVERED))
              .append(" not yet, ")
              .append(lost)
              .append(" lost");
      List<String> reasons = new ArrayList<>();
      for (DeliveryStatus status : DeliveryStatus.values()) {
        if (status.isLost() && count(status) > 0) {
          reasons.add(
              status.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + count(status));
        }
      }
      if (!reasons.isEmpty()) {
        line.append(" (").append(String.join(", ", reasons)).append(')');
      }
      if (unknown > 0) {
        line.append(", ").append(unknown).append(" undelivered whose journal entries were dropped");
      }
      return line.append("; ").append(plural(rejected, "request")).append(" rejected").toString();
    }

    private long count(DeliveryStatus status) {
      return byStatus.getOrDefault(status, 0L);
    }
  }
}
