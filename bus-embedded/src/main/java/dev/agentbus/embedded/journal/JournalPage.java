package dev.agentbus.embedded.journal;

import java.util.List;

/**
 * A slice of a journal, as one read returns it.
 *
 * @param entries the entries from the requested sequence number on, oldest first
 * @param nextSeq the sequence number to read from next
 * @param dropped how many entries the journal has discarded to stay within its limit, in all
 * @param missed {@code true} when entries the reader asked for had already been discarded
 */
public record JournalPage(List<JournalEntry> entries, long nextSeq, long dropped, boolean missed) {

  /**
   * Copies the list so that a page never changes.
   *
   * @param entries the entries from the requested sequence number on, oldest first
   * @param nextSeq the sequence number to read from next
   * @param dropped how many entries the journal has discarded to stay within its limit, in all
   * @param missed {@code true} when entries the reader asked for had already been discarded
   */
  public JournalPage {
    entries = List.copyOf(entries);
  }
}
