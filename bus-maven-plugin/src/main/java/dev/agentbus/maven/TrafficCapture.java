package dev.agentbus.maven;

import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.JournalView;
import dev.agentbus.embedded.traffic.TrafficAnalysis;
import dev.agentbus.embedded.traffic.TrafficReport;
import dev.agentbus.embedded.traffic.Transcript;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves what crossed a bus into a {@link CaptureDirectory}, namespace by namespace as each is
 * dropped or the bus stops, then the index, the summary and the transcripts. A namespace id that is
 * dropped and created again is kept once per life ({@code t-1.jsonl}, {@code t-1~2.jsonl}).
 *
 * <p>Thread-safe: namespaces may be added from the thread that dropped them while the build goes
 * on.
 */
final class TrafficCapture {

  private final CaptureDirectory directory;
  private final List<CapturedNamespace> index = new ArrayList<>();
  private final List<TrafficReport> reports = new ArrayList<>();
  private final Map<String, Integer> lives = new HashMap<>();

  TrafficCapture(CaptureDirectory directory) {
    this.directory = directory;
  }

  CaptureDirectory directory() {
    return directory;
  }

  /**
   * Reads a namespace's journal once, writes it, and analyses that same snapshot.
   *
   * @param namespace a namespace that takes no more traffic (dropped, or its bus stopped)
   * @throws IOException if its journal cannot be written
   */
  synchronized void add(BusNamespace namespace) throws IOException {
    JournalView journal = namespace.journal();
    List<JournalEntry> entries = journal.entries();
    long dropped = journal.read(1, 1).dropped();
    var mode = namespace.options().channellessRecv();
    int life = lives.merge(namespace.id(), 1, Integer::sum);
    String file =
        directory.writeJournal(
            life == 1 ? namespace.id() : namespace.id() + "~" + life, namespace.id(), entries);
    index.add(new CapturedNamespace(namespace.id(), mode, file, dropped));
    reports.add(TrafficAnalysis.analyze(namespace.id(), mode, entries, dropped));
  }

  /**
   * Writes the transcripts, the summary and, last, the index that marks the capture complete.
   *
   * @return one report per namespace added, the root first, then in the order added
   * @throws IOException if a file cannot be written
   */
  synchronized List<TrafficReport> finish() throws IOException {
    List<TrafficReport> ordered = new ArrayList<>(reports);
    ordered.sort(Comparator.comparing(report -> !report.namespace().isEmpty()));
    List<CapturedNamespace> orderedIndex = new ArrayList<>(index);
    orderedIndex.sort(Comparator.comparing(namespace -> !namespace.id().isEmpty()));
    StringBuilder transcripts = new StringBuilder();
    for (TrafficReport report : ordered) {
      transcripts.append(Transcript.render(report)).append('\n');
    }
    directory.writeText(CaptureDirectory.TRANSCRIPT_FILE, transcripts.toString());
    directory.writeText(CaptureDirectory.SUMMARY_FILE, BuildSummary.render(ordered));
    directory.writeIndex(orderedIndex);
    return ordered;
  }
}
