package dev.agentbus.junit5;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a failed test leaves behind so that its traffic can be read later: its transcript and the
 * output of its agent processes, printed and published as report entries, and its journal (JSON
 * lines), transcript and HTML report ({@link ReportPage}) written under {@code <reports dir>/<test
 * class>/<namespace>.*}, where CI keeps them.
 *
 * <p>The transcript is printed, and published as a report entry, only when the test's failure does
 * not show it already (the file is always written and its path published): a failed traffic
 * assertion or await carries it in its message, which IDEs show beside the failure and Maven prints
 * in its summary, so printing it too would show the same traffic twice, far from the failure. A
 * test that failed on anything else gets it printed, as its failure cannot say it.
 */
final class FailureArtifacts {

  /** Report entry keys, for tools that read JUnit's report entries. */
  static final String TRANSCRIPT_KEY = "agentbus.transcript";

  static final String JOURNAL_KEY = "agentbus.journal";
  static final String TRANSCRIPT_FILE_KEY = "agentbus.transcriptFile";
  static final String PROCESS_KEY_PREFIX = "agentbus.process.";

  private FailureArtifacts() {}

  /**
   * @param context the failed test
   * @param bus its bus
   * @param reportsDir where the files go
   * @param extensionFailure the failure the extension adds after the test (a listener's, the strict
   *     check's), or {@code null}
   */
  static void record(
      ExtensionContext context, AgentBus bus, Path reportsDir, Throwable extensionFailure) {
    String transcript = bus.traffic().transcript();
    Map<String, String> entries = new LinkedHashMap<>();
    boolean shown =
        bus.traffic().showsTranscript(context.getExecutionException().orElse(null))
            || bus.traffic().showsTranscript(extensionFailure);
    if (!shown) {
      // IDEs print report entries beside the output: an entry would show a transcript twice
      entries.put(TRANSCRIPT_KEY, transcript);
    }
    StringBuilder printed =
        new StringBuilder("agent-bus: ")
            .append(context.getRequiredTestClass().getName())
            .append(" > ")
            .append(context.getDisplayName())
            .append(
                shown
                    ? " failed; its failure message shows its traffic\n"
                    : " failed; its traffic:\n" + transcript);
    for (AgentProcess process : bus.processes()) {
      String output = process.output();
      entries.put(PROCESS_KEY_PREFIX + process.agent(), output);
      printed.append(output).append('\n');
    }
    Path folder = reportsDir.resolve(context.getRequiredTestClass().getName());
    Path journal = folder.resolve(bus.namespace().id() + ".journal.jsonl");
    Path transcriptFile = folder.resolve(bus.namespace().id() + ".transcript.txt");
    try {
      Files.createDirectories(folder);
      bus.namespace().journal().writeJsonLines(journal);
      Files.writeString(transcriptFile, transcript, StandardCharsets.UTF_8);
      entries.put(JOURNAL_KEY, journal.toAbsolutePath().toString());
      entries.put(TRANSCRIPT_FILE_KEY, transcriptFile.toAbsolutePath().toString());
      printed.append("journal: ").append(journal).append("\ntranscript: ").append(transcriptFile);
      Path page = ReportPage.write(context, bus.namespace(), reportsDir);
      entries.put(ReportPage.KEY, page.toAbsolutePath().toString());
      printed.append("\nreport: ").append(page);
    } catch (IOException | RuntimeException e) {
      printed
          .append("could not keep the journal under ")
          .append(folder)
          .append(" (")
          .append(e)
          .append("): set agentbus.reports.dir to a writable folder");
    }
    // One print, so that parallel tests' reports do not interleave line by line.
    System.out.println(printed);
    context.publishReportEntry(entries);
  }
}
