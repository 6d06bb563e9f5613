package dev.agentbus.maven;

import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.journal.TrafficSnapshot;
import dev.agentbus.embedded.report.HtmlReport;
import dev.agentbus.embedded.report.ReportIndex;
import dev.agentbus.embedded.traffic.TrafficAnalysis;
import dev.agentbus.embedded.traffic.TrafficReport;
import dev.agentbus.embedded.traffic.Transcript;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves what crossed a bus into a {@link CaptureDirectory}, namespace by namespace as each is
 * dropped or the bus stops (its journal and its report page), then the index, the summary, the
 * transcripts and the page that links to every report page. Each namespace is written and rendered
 * as it is added and only its summary is kept, so that a build's traffic need not fit in the heap.
 * A namespace id that is dropped and created again is kept once per life ({@code t-1.jsonl}, {@code
 * t-1~2.jsonl}).
 *
 * <p>Thread-safe: namespaces may be added from the thread that dropped them while the build goes
 * on.
 */
final class TrafficCapture {

  private final CaptureDirectory directory;
  private final List<CapturedNamespace> index = new ArrayList<>();
  private final BuildSummary summary = new BuildSummary();
  private final Map<String, Integer> lives = new HashMap<>();
  private final List<ReportIndex.Entry> pages = new ArrayList<>();
  private String rootTranscript = "";

  TrafficCapture(CaptureDirectory directory) {
    this.directory = directory;
  }

  CaptureDirectory directory() {
    return directory;
  }

  /**
   * Takes one snapshot of a namespace (its journal, the parked polls and the counts, of one
   * moment), writes it, and analyses that same snapshot into the transcript and the summary.
   *
   * @param namespace a namespace that takes no more traffic (dropped, or its bus stopped), or one
   *     captured as it stands, its parked polls kept in the index so that {@code bus:verify} counts
   *     them too
   * @throws IOException if its journal or transcript cannot be written
   */
  synchronized void add(BusNamespace namespace) throws IOException {
    TrafficSnapshot snapshot = namespace.snapshot();
    var mode = namespace.options().channellessRecv();
    int life = lives.merge(namespace.id(), 1, Integer::sum);
    String stem = life == 1 ? namespace.id() : namespace.id() + "~" + life;
    String file = directory.writeJournal(stem, namespace.id(), snapshot.entries());
    CapturedNamespace captured =
        new CapturedNamespace(
            namespace.id(),
            mode,
            file,
            snapshot.droppedEntries(),
            snapshot.parked(),
            snapshot.counts());
    TrafficReport report = TrafficAnalysis.analyze(namespace.id(), mode, snapshot);
    String transcript = Transcript.render(report) + "\n";
    summary.add(report);
    String page =
        directory.writePage(stem, namespace.id(), HtmlReport.of(namespace.id(), mode, snapshot));
    pages.add(ReportIndex.Entry.of(report, page, false));
    if (namespace.id().isEmpty()) {
      // The root is added when the bus stops, last, but comes first.
      index.add(0, captured);
      rootTranscript = transcript;
    } else {
      index.add(captured);
      directory.appendTranscriptPart(transcript);
    }
  }

  /**
   * Writes the transcripts, the summary, the page that links to every namespace's report and, last,
   * the index that marks the capture complete.
   *
   * @return the summary of every namespace added
   * @throws IOException if a file cannot be written
   */
  synchronized BuildSummary finish() throws IOException {
    directory.writeTranscript(rootTranscript);
    directory.writeText(CaptureDirectory.SUMMARY_FILE, summary.render());
    directory.writeText(
        CaptureDirectory.REPORT_INDEX_FILE,
        new ReportIndex("agent-bus traffic of this build", pages).html());
    directory.writeIndex(index);
    return summary;
  }
}
