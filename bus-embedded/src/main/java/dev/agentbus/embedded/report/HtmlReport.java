package dev.agentbus.embedded.report;

import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.PollAnswered;
import dev.agentbus.embedded.journal.TrafficSnapshot;
import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.traffic.MessageOutcome;
import dev.agentbus.embedded.traffic.Receipt;
import dev.agentbus.embedded.traffic.TrafficAnalysis;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One namespace's traffic as a self-contained HTML page, the picture beside {@link
 * dev.agentbus.embedded.traffic.Transcript}'s text: a sequence diagram with a lifeline per agent,
 * an arrow per message in journal order labelled with its channel and first line, drawn by what
 * became of it (colour, dash, end mark and word), the recipients' polls as marks on their lifelines
 * with the channel they asked for, and a click (or Enter) on an arrow shows the whole message, its
 * receipts and its diagnosis. The faults a test injected are drawn as what the agents experienced:
 * a message dropped, held back or lost in a restart on purpose in a style of its own (never as a
 * failure of the bus), a duplicated one with its copy, a restart as a band across every lifeline
 * and a fault injected on the wire as a mark on its agent's lifeline. The page needs no network:
 * its style sheet, script and data are inline, and the data is escaped so that no body or name can
 * end the script or add markup.
 *
 * <p>The page is bounded: it shows the newest {@value #MAX_MESSAGES} messages, {@value #MAX_POLLS}
 * polls and {@value #MAX_INCIDENTS} incidents at most, within {@value #MAX_BYTES} bytes of HTML,
 * bodies cut at {@value #MAX_BODY_CHARS} characters, and says what it left out; the journal holds
 * the rest.
 *
 * <p>Immutable and thread-safe; {@link #html()} renders on each call, in time linear in the traffic
 * shown.
 */
public final class HtmlReport {

  /** The most messages a page shows: the newest; the header counts the ones left out. */
  public static final int MAX_MESSAGES = 20_000;

  /** The most answered polls a page draws as marks: the newest. */
  public static final int MAX_POLLS = 20_000;

  /** The most refused requests a page lists: the newest. */
  public static final int MAX_REJECTED = 1_000;

  /**
   * The most incidents (restarts of the namespace, faults injected on the wire) a page draws: the
   * newest; the header counts the ones left out.
   */
  public static final int MAX_INCIDENTS = 1_000;

  /** The most bytes (UTF-8) of a page; older traffic is left out to stay within it. */
  public static final long MAX_BYTES = 8L * 1024 * 1024;

  /** The most characters of a body or a diagnosis a page keeps; the rest is cut and counted. */
  public static final int MAX_BODY_CHARS = 4_000;

  /** The admin path a bus serves its live page at, under its root and under {@code /ns/<id>}. */
  public static final String PATH = "/_bus/report";

  private final TrafficReport report;
  private final List<PollAnswered> polls;
  private final boolean everyPoll;
  private final MessageFaults faults;
  private final Long followFrom;

  private HtmlReport(
      TrafficReport report,
      List<PollAnswered> polls,
      boolean everyPoll,
      MessageFaults faults,
      Long followFrom) {
    this.report = report;
    this.polls = List.copyOf(polls);
    this.everyPoll = everyPoll;
    this.faults = faults;
    this.followFrom = followFrom;
  }

  /**
   * A page of an analysed report. The report keeps only the polls that returned a message (its
   * receipts), so the page marks those, and not what each in-bus fault did to a message beyond its
   * status (a copy's timestamp, a hold's end); a page made {@linkplain #of(String, ChannellessRecv,
   * TrafficSnapshot) from a snapshot} marks every poll.
   *
   * @param report the traffic
   * @return the page
   */
  public static HtmlReport of(TrafficReport report) {
    Map<Long, List<Returned>> byPoll = new TreeMap<>();
    for (MessageOutcome outcome : report.messages()) {
      for (Receipt receipt : outcome.receipts()) {
        byPoll
            .computeIfAbsent(receipt.pollSeq(), seq -> new ArrayList<>())
            .add(new Returned(outcome, receipt));
      }
    }
    List<PollAnswered> polls = new ArrayList<>();
    byPoll.forEach(
        (seq, returned) -> {
          MessageOutcome first = returned.get(0).outcome();
          Receipt receipt = returned.get(0).receipt();
          List<BigDecimal> ts =
              returned.stream()
                  .map(each -> each.outcome().message().ts())
                  .sorted(Comparator.naturalOrder())
                  .toList();
          polls.add(
              new PollAnswered(
                  seq,
                  receipt.at(),
                  first.message().to(),
                  receipt.channel(),
                  receipt.channel(),
                  null,
                  false,
                  ts.size(),
                  ts,
                  null,
                  0,
                  false,
                  null));
        });
    return new HtmlReport(report, polls, false, MessageFaults.NONE, null);
  }

  /** A message one poll returned. */
  private record Returned(MessageOutcome outcome, Receipt receipt) {}

  /**
   * A page of a snapshot: analysed, with every answered poll it holds marked on its recipient's
   * lifeline, the polls parked at its moment, and what each in-bus fault did to a message.
   *
   * @param namespace the namespace id, empty for the root
   * @param channellessRecv what a channel-less poll read on that bus
   * @param snapshot the traffic, as a namespace takes it or as read back from files
   * @return the page
   */
  public static HtmlReport of(
      String namespace, ChannellessRecv channellessRecv, TrafficSnapshot snapshot) {
    TrafficReport report = TrafficAnalysis.analyze(namespace, channellessRecv, snapshot);
    long cut = snapshot.asOfSeq();
    List<PollAnswered> polls = new ArrayList<>();
    for (JournalEntry entry : snapshot.entries()) {
      if (entry.seq() >= cut) {
        break;
      }
      if (entry instanceof PollAnswered poll) {
        polls.add(poll);
      }
    }
    return new HtmlReport(report, polls, true, MessageFaults.of(snapshot.entries(), cut), null);
  }

  /**
   * The same page, live: served by the bus at {@code .../_bus/report}, it long-polls the {@code
   * _bus/journal} beside it from {@code fromSeq} on and draws each message, poll and refusal as it
   * happens, without a reload. Opened from a file, it stays as it is.
   *
   * @param fromSeq the journal position the page's traffic ends before, e.g. {@link
   *     TrafficSnapshot#asOfSeq()} of a live namespace's snapshot
   * @return the live page
   */
  public HtmlReport followingJournalFrom(long fromSeq) {
    return new HtmlReport(report, polls, everyPoll, faults, fromSeq);
  }

  /**
   * @return the report the page shows
   */
  public TrafficReport report() {
    return report;
  }

  /**
   * Renders the page.
   *
   * @return the HTML, at most {@link #MAX_BYTES} bytes in UTF-8
   */
  public String html() {
    String title =
        "agent-bus traffic: "
            + (report.namespace().isEmpty() ? "root namespace" : "namespace " + report.namespace());
    String head =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<meta http-equiv=\"Content-Security-Policy\" content=\""
            + Html.escape(contentSecurityPolicy())
            + "\">\n<title>"
            + Html.escape(ReportData.shown(title))
            + "</title>\n<style>"
            + PageAssets.CSS
            + "</style>\n</head>\n<body>\n<main id=\"app\" aria-busy=\"true\"><h1>"
            + Html.escape(ReportData.shown(title))
            + "</h1>\n<noscript><p>This page draws the traffic with JavaScript; the transcript"
            + " beside it (.transcript.txt) has the same traffic as text.</p></noscript></main>\n"
            + "<script type=\"application/json\" id=\"report-data\">";
    String tail = "</script>\n<script>" + PageAssets.JS + "</script>\n</body>\n</html>\n";
    long budget = MAX_BYTES - ScriptJson.utf8Bytes(head) - ScriptJson.utf8Bytes(tail) - 1_024;
    String data = new ReportData(report, polls, everyPoll, faults, budget, followFrom).json();
    return head + data + tail;
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

  /**
   * @param busUrl a running bus's URL, or a namespace's ({@code .../ns/<id>})
   * @return where that bus serves its live report page
   */
  public static URI liveUrl(URI busUrl) {
    String base = busUrl.toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + PATH);
  }

  /**
   * The Content-Security-Policy a report page is served with (and carries in a {@code <meta>}
   * element): its own inline style sheet and script, named by hash, and requests to its own origin
   * only; nothing else loads or runs.
   *
   * @return the policy
   */
  public static String contentSecurityPolicy() {
    return PageAssets.policy("'self'", PageAssets.CSS, PageAssets.JS);
  }
}
