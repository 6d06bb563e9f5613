package dev.agentbus.embedded.report;

import dev.agentbus.embedded.traffic.DeliveryStatus;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The page that lists the namespaces of a build, each with its counts and a link to its {@link
 * HtmlReport}: failures first (namespaces that lost a message or were marked failed), then the
 * rest, each group in name order. A static page: no script, nothing fetched.
 *
 * @param title the page's heading, e.g. {@code agent-bus traffic of my-app}
 * @param entries the namespaces, in any order
 */
public record ReportIndex(String title, List<ReportIndex.Entry> entries) {

  /**
   * Copies the entries so that an index never changes.
   *
   * @param title the page's heading
   * @param entries the namespaces, in any order
   */
  public ReportIndex {
    entries = List.copyOf(entries);
  }

  /**
   * One namespace's line.
   *
   * @param namespace the namespace id, empty for the root
   * @param href where its page is, relative to the index (e.g. {@code t-1.html}), or {@code null}
   *     when it has none
   * @param sent how many messages were sent in all
   * @param delivered how many at least one poll returned
   * @param notYet how many are not delivered yet but still could be
   * @param lost how many reached nobody and never will
   * @param rejected how many requests the bus refused
   * @param failed whether the build judged it a failure (a test that failed, a broken rule), lost
   *     messages or not
   */
  public record Entry(
      String namespace,
      String href,
      long sent,
      long delivered,
      long notYet,
      long lost,
      long rejected,
      boolean failed) {

    /**
     * The line of an analysed namespace.
     *
     * @param report its traffic
     * @param href where its page is, relative to the index, or {@code null}
     * @param failed whether the build judged it a failure
     * @return the line
     */
    public static Entry of(TrafficReport report, String href, boolean failed) {
      return new Entry(
          report.namespace(),
          href,
          report.sentTotal(),
          report.deliveredTotal(),
          report.counts().get(DeliveryStatus.NOT_YET_DELIVERED),
          report.lostTotal(),
          report.rejectedTotal(),
          failed);
    }

    /**
     * @return whether it is listed among the failures
     */
    public boolean failure() {
      return failed || lost > 0;
    }
  }

  /**
   * @return the entries as the page lists them: failures first, then by namespace
   */
  public List<Entry> ordered() {
    List<Entry> ordered = new ArrayList<>(entries);
    ordered.sort(
        Comparator.comparing((Entry entry) -> !entry.failure()).thenComparing(Entry::namespace));
    return ordered;
  }

  /**
   * Renders the page.
   *
   * @return the HTML
   */
  public String html() {
    StringBuilder out =
        new StringBuilder()
            .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
            .append(Html.escape(PageAssets.policy("'none'", PageAssets.INDEX_CSS, null)))
            .append("\">\n<title>")
            .append(Html.escape(title))
            .append("</title>\n<style>")
            .append(PageAssets.INDEX_CSS)
            .append("</style>\n</head>\n<body>\n<h1>")
            .append(Html.escape(title))
            .append("</h1>\n");
    List<Entry> ordered = ordered();
    long failures = ordered.stream().filter(Entry::failure).count();
    out.append("<p id=\"summary\">")
        .append(ordered.size())
        .append(ordered.size() == 1 ? " namespace, " : " namespaces, ")
        .append(failures)
        .append(failures == 1 ? " with a failure" : " with failures")
        .append(".</p>\n");
    out.append("<table id=\"namespaces\">\n<tr><th scope=\"col\">Namespace</th>")
        .append("<th scope=\"col\">Sent</th><th scope=\"col\">Delivered</th>")
        .append("<th scope=\"col\">Not yet</th><th scope=\"col\">Lost</th>")
        .append("<th scope=\"col\">Rejected</th><th scope=\"col\">Verdict</th></tr>\n");
    for (Entry entry : ordered) {
      String name = entry.namespace().isEmpty() ? "(root)" : entry.namespace();
      out.append("<tr").append(entry.failure() ? " class=\"failed\"" : "").append("><td>");
      if (entry.href() == null) {
        out.append(Html.escape(ReportData.shown(name)));
      } else {
        out.append("<a href=\"")
            .append(Html.escape(entry.href()))
            .append("\">")
            .append(Html.escape(ReportData.shown(name)))
            .append("</a>");
      }
      out.append("</td>");
      for (long n :
          new long[] {
            entry.sent(), entry.delivered(), entry.notYet(), entry.lost(), entry.rejected()
          }) {
        out.append("<td class=\"n\">").append(n).append("</td>");
      }
      out.append("<td")
          .append(entry.failure() ? " class=\"lost\">failed" : ">ok")
          .append("</td></tr>\n");
    }
    return out.append("</table>\n</body>\n</html>\n").toString();
  }

  /**
   * Writes the page, creating its folder.
   *
   * @param file where
   * @return the file
   * @throws IOException when it cannot be written
   */
  public Path writeTo(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, html(), StandardCharsets.UTF_8);
    return file;
  }
}
