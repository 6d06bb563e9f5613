package dev.agentbus.maven;

import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.JournalView;
import dev.agentbus.embedded.traffic.TrafficAnalysis;
import dev.agentbus.embedded.traffic.TrafficReport;
import dev.agentbus.embedded.traffic.Transcript;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Saves what crossed a bus into a {@link CaptureDirectory}: each namespace's journal, the index,
 * the summary and the transcripts. Stateless.
 */
final class TrafficCapture {

  private TrafficCapture() {}

  /**
   * Reads each namespace's journal once, writes it, and analyses that same snapshot.
   *
   * @param namespaces the namespaces to keep, the root first
   * @param directory where to write
   * @return one report per namespace, in the order given
   * @throws IOException if a file cannot be written
   */
  static List<TrafficReport> save(List<BusNamespace> namespaces, CaptureDirectory directory)
      throws IOException {
    List<CapturedNamespace> index = new ArrayList<>(namespaces.size());
    List<TrafficReport> reports = new ArrayList<>(namespaces.size());
    StringBuilder transcripts = new StringBuilder();
    for (BusNamespace namespace : namespaces) {
      JournalView journal = namespace.journal();
      List<JournalEntry> entries = journal.entries();
      long dropped = journal.read(1, 1).dropped();
      TrafficReport report =
          TrafficAnalysis.analyze(
              namespace.id(), namespace.options().channellessRecv(), entries, dropped);
      String file = directory.writeJournal(namespace.id(), entries);
      index.add(
          new CapturedNamespace(
              namespace.id(), namespace.options().channellessRecv(), file, dropped));
      reports.add(report);
      transcripts.append(Transcript.render(report)).append('\n');
    }
    directory.writeText(CaptureDirectory.TRANSCRIPT_FILE, transcripts.toString());
    directory.writeText(CaptureDirectory.SUMMARY_FILE, BuildSummary.render(reports));
    directory.writeIndex(index);
    return reports;
  }
}
