package dev.agentbus.embedded.journal;

import dev.agentbus.client.protocol.ProtocolJson;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Journals as JSON lines: one entry per line, the JSON of {@code /_bus/journal}. This is how
 * reports and test artifacts keep a namespace's traffic, and how they read it back.
 */
public final class JournalFiles {

  private JournalFiles() {}

  /**
   * Writes entries, one JSON object per line.
   *
   * @param entries the entries, in journal order
   * @param writer where to write; not closed
   * @throws IOException if writing fails
   */
  public static void write(List<? extends JournalEntry> entries, Writer writer) throws IOException {
    for (JournalEntry entry : entries) {
      writer.write(ProtocolJson.writeString(entry));
      writer.write('\n');
    }
  }

  /**
   * Reads entries back from a file of JSON lines.
   *
   * @param file the file
   * @return its entries in order
   * @throws IOException if it cannot be read or a line is not a journal entry
   */
  public static List<JournalEntry> read(Path file) throws IOException {
    List<JournalEntry> read = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        read.add(ProtocolJson.read(line, JournalEntry.class));
      }
    }
    return read;
  }
}
