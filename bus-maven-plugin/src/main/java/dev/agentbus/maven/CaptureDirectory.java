package dev.agentbus.maven;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.JournalFiles;
import dev.agentbus.embedded.journal.TrafficSnapshot;
import dev.agentbus.embedded.report.HtmlReport;
import dev.agentbus.embedded.traffic.TrafficAnalysis;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The files a build's bus leaves under {@code target/agent-bus/}: the URL while it runs, and once
 * it stopped, each namespace's journal as JSON lines and report page ({@code pages/}), an index of
 * them, the page that links to every report page ({@code index.html}), a summary and the
 * transcripts. {@code bus:stop} writes them, {@code bus:verify} reads them back, so the two may run
 * in different executions.
 *
 * <p>Every file is written to a temporary name and moved into place, so a reader never sees half of
 * one. Not thread-safe; one directory belongs to one project.
 */
final class CaptureDirectory {

  static final String URL_FILE = "url.txt";
  static final String INDEX_FILE = "traffic.json";
  static final String SUMMARY_FILE = "summary.txt";
  static final String TRANSCRIPT_FILE = "transcript.txt";
  static final String JOURNAL_DIRECTORY = "journal";

  /** The page that lists every namespace's report page, failures first. */
  static final String REPORT_INDEX_FILE = "index.html";

  /** Where each namespace's report page goes, beside the index that links to them. */
  static final String PAGES_DIRECTORY = "pages";

  /** The transcripts of the namespaces dropped so far, until the root's is put in front of them. */
  static final String TRANSCRIPT_PARTS = "transcript.txt.parts";

  /** The root's file name; namespace ids start with a letter or digit, so it never clashes. */
  private static final String ROOT_JOURNAL = "_root.jsonl";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path directory;

  CaptureDirectory(Path directory) {
    this.directory = directory;
  }

  Path path() {
    return directory;
  }

  Path file(String name) {
    return directory.resolve(name);
  }

  /**
   * Removes what an earlier build left, so that {@code bus:verify} never judges stale traffic.
   *
   * @throws IOException if a file cannot be deleted
   */
  void clear() throws IOException {
    Files.deleteIfExists(file(INDEX_FILE));
    Files.deleteIfExists(file(SUMMARY_FILE));
    Files.deleteIfExists(file(TRANSCRIPT_FILE));
    Files.deleteIfExists(file(TRANSCRIPT_PARTS));
    Files.deleteIfExists(file(URL_FILE));
    Files.deleteIfExists(file(REPORT_INDEX_FILE));
    for (String folder : List.of(JOURNAL_DIRECTORY, PAGES_DIRECTORY)) {
      Path files = file(folder);
      if (Files.isDirectory(files)) {
        try (Stream<Path> each = Files.list(files)) {
          for (Path file : each.toList()) {
            Files.deleteIfExists(file);
          }
        }
      }
    }
  }

  /**
   * Writes one namespace's report page.
   *
   * @param fileStem the file name without extension, as for its journal; ignored for the root
   * @param namespaceId the id, empty for the root
   * @param page the page
   * @return the file name relative to this directory, for the index page's link
   * @throws IOException if it cannot be written
   */
  String writePage(String fileStem, String namespaceId, HtmlReport page) throws IOException {
    String name = PAGES_DIRECTORY + "/" + (namespaceId.isEmpty() ? "_root" : fileStem) + ".html";
    writeAtomically(file(name), page.html());
    return name;
  }

  void writeUrl(String url) throws IOException {
    writeAtomically(file(URL_FILE), url + "\n");
  }

  void deleteUrl() throws IOException {
    Files.deleteIfExists(file(URL_FILE));
  }

  /**
   * Writes one namespace's journal.
   *
   * @param fileStem the file name without extension, a namespace id or one with a suffix that no id
   *     has; ignored for the root
   * @param namespaceId the id, empty for the root
   * @param entries its entries in journal order
   * @return the file name relative to this directory, for the index
   * @throws IOException if it cannot be written
   */
  String writeJournal(String fileStem, String namespaceId, List<JournalEntry> entries)
      throws IOException {
    String name =
        JOURNAL_DIRECTORY + "/" + (namespaceId.isEmpty() ? ROOT_JOURNAL : fileStem + ".jsonl");
    Path target = file(name);
    Files.createDirectories(target.getParent());
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    try (BufferedWriter writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
      JournalFiles.write(entries, writer);
    }
    move(temporary, target);
    return name;
  }

  /** Written last: its presence means the capture is complete. */
  void writeIndex(List<CapturedNamespace> namespaces) throws IOException {
    writeAtomically(file(INDEX_FILE), JSON.writeValueAsString(namespaces) + "\n");
  }

  /** Keeps a dropped namespace's transcript on disk until {@link #writeTranscript}. */
  void appendTranscriptPart(String text) throws IOException {
    Files.createDirectories(directory);
    Files.writeString(
        file(TRANSCRIPT_PARTS),
        text,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /**
   * Writes the transcript file: the given text, then the parts kept so far, copied from disk.
   *
   * @param first the root's transcript
   * @throws IOException if it cannot be written
   */
  void writeTranscript(String first) throws IOException {
    Path target = file(TRANSCRIPT_FILE);
    Files.createDirectories(directory);
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(temporary, first, StandardCharsets.UTF_8);
    Path parts = file(TRANSCRIPT_PARTS);
    if (Files.exists(parts)) {
      try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.APPEND)) {
        Files.copy(parts, out);
      }
      Files.delete(parts);
    }
    move(temporary, target);
  }

  void writeText(String name, String text) throws IOException {
    writeAtomically(file(name), text);
  }

  /**
   * Reads a complete capture back and analyses it again, one namespace at a time: a build's traffic
   * may not fit in the heap at once, one namespace's does.
   *
   * @param each given each namespace's report, in the order captured; the next journal is read only
   *     after it returns
   * @throws NoSuchFileException if no complete capture is there
   * @throws IOException if a file cannot be read or is not what {@code bus:stop} writes
   */
  void read(Consumer<TrafficReport> each) throws IOException {
    List<CapturedNamespace> namespaces =
        JSON.readValue(
            Files.readString(file(INDEX_FILE), StandardCharsets.UTF_8),
            new TypeReference<List<CapturedNamespace>>() {});
    for (CapturedNamespace namespace : namespaces) {
      each.accept(
          TrafficAnalysis.analyze(
              namespace.id(),
              namespace.channellessRecv(),
              new TrafficSnapshot(
                  JournalFiles.read(file(namespace.journal())),
                  namespace.droppedEntries(),
                  namespace.parked(),
                  namespace.counts())));
    }
  }

  private static void writeAtomically(Path target, String text) throws IOException {
    Files.createDirectories(target.getParent());
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(temporary, text, StandardCharsets.UTF_8);
    move(temporary, target);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
