package dev.agentbus.maven;

import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.traffic.DeliveryStatus;
import dev.agentbus.embedded.traffic.MessageOutcome;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The human summary of a build's traffic: a headline for the build log, and a page with a table of
 * every namespace and each message that reached nobody or request that was refused, with its
 * diagnosis. Stateless.
 */
final class BuildSummary {

  /** Lines per section; the transcript next to the summary has everything. */
  static final int MAX_LISTED = 200;

  private BuildSummary() {}

  /**
   * @param reports one per namespace
   * @return one line, e.g. {@code 7 messages in 3 namespaces: 6 delivered, 0 not yet, 1 lost
   *     (channel mismatch 1); 1 request rejected}
   */
  static String headline(List<TrafficReport> reports) {
    Tally tally = new Tally();
    reports.forEach(tally::add);
    return tally.headline();
  }

  /**
   * @param reports one per namespace
   * @return the summary page, lines ending in {@code \n}
   */
  static String render(List<TrafficReport> reports) {
    StringBuilder out = new StringBuilder();
    out.append("agent-bus traffic of this build: ").append(headline(reports)).append("\n\n");
    int width = "namespace".length();
    for (TrafficReport report : reports) {
      width = Math.max(width, name(report).length());
    }
    String row = "%-" + width + "s  %8s  %9s  %7s  %4s  %8s%n";
    out.append(
        String.format(
            Locale.ROOT, row, "namespace", "messages", "delivered", "not yet", "lost", "rejected"));
    for (TrafficReport report : reports) {
      Tally totals = new Tally();
      totals.add(report);
      out.append(
          String.format(
              Locale.ROOT,
              row,
              name(report),
              totals.messages,
              totals.count(DeliveryStatus.DELIVERED),
              totals.count(DeliveryStatus.NOT_YET_DELIVERED),
              totals.lost,
              totals.rejected));
      if (report.droppedEntries() > 0) {
        out.append("  (")
            .append(report.droppedEntries())
            .append(" older journal entries of ")
            .append(name(report))
            .append(" were dropped, for the journal limit or the memory budget; raise")
            .append(" agentbus.journalLimit or agentbus.memoryBudget to keep them)\n");
      }
    }
    List<String> undelivered = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    for (TrafficReport report : reports) {
      for (MessageOutcome outcome : report.undelivered()) {
        undelivered.add("[" + name(report) + "] " + outcome.diagnosis());
      }
      for (RequestRejected refusal : report.rejected()) {
        rejected.add("[" + name(report) + "] " + describe(refusal));
      }
    }
    section(out, "Not delivered", undelivered);
    section(out, "Rejected requests", rejected);
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

  private static void section(StringBuilder out, String title, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    out.append('\n').append(title).append(" (").append(lines.size()).append("):\n");
    for (String line : lines.subList(0, Math.min(lines.size(), MAX_LISTED))) {
      out.append("  ").append(line).append('\n');
    }
    if (lines.size() > MAX_LISTED) {
      out.append("  ... and ")
          .append(lines.size() - MAX_LISTED)
          .append(" more in ")
          .append(CaptureDirectory.TRANSCRIPT_FILE)
          .append('\n');
    }
  }

  private static String plural(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  /**
   * Counts of reports added one by one, so that a build's traffic can be summed up without holding
   * it all at once. Not thread-safe.
   */
  static final class Tally {
    private final Map<DeliveryStatus, Integer> byStatus = new EnumMap<>(DeliveryStatus.class);
    private int namespaces;
    private int messages;
    private int lost;
    private int rejected;

    void add(TrafficReport report) {
      namespaces++;
      messages += report.messages().size();
      lost += report.lost().size();
      rejected += report.rejected().size();
      report.counts().forEach((status, count) -> byStatus.merge(status, count, Integer::sum));
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
      return line.append("; ").append(plural(rejected, "request")).append(" rejected").toString();
    }

    private int count(DeliveryStatus status) {
      return byStatus.getOrDefault(status, 0);
    }
  }
}
