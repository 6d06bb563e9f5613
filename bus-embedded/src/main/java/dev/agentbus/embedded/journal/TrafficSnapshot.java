package dev.agentbus.embedded.journal;

import java.util.List;

/**
 * What a traffic report is made of, all of one moment: the journal entries kept before it, how many
 * older ones the journal had discarded, the polls parked and the exact counts. Read together, so
 * that a report never mixes two moments: counts that include a message whose entry the report does
 * not show, or entries the journal gave up after the counts were taken. A namespace takes one under
 * the lock its journal is written under ({@code BusNamespace.snapshot()}); a capture read back from
 * files is one too. Immutable, so safe to share between threads.
 *
 * @param entries the entries the journal kept before the moment, in journal order
 * @param droppedEntries how many older entries the journal had discarded by then
 * @param parked the polls parked at the moment; {@link ParkedPolls#none()} when not known
 * @param counts the exact counts at the moment, or {@code null} when not known (traffic read back
 *     from a file written without them, or from a bus without {@code /_bus/counts})
 */
public record TrafficSnapshot(
    List<JournalEntry> entries, long droppedEntries, ParkedPolls parked, TrafficCounts counts) {

  /**
   * Copies the entries so that a snapshot never changes.
   *
   * @param entries the entries the journal kept before the moment, in journal order
   * @param droppedEntries how many older entries the journal had discarded by then
   * @param parked the polls parked at the moment, or {@code null} when not known
   * @param counts the exact counts at the moment, or {@code null} when not known
   */
  public TrafficSnapshot {
    entries = List.copyOf(entries);
    parked = parked == null ? ParkedPolls.none() : parked;
  }

  /**
   * Journal entries with no poll known to be parked and no counts: entries read back from a
   * JSON-lines file, or built by hand.
   *
   * @param entries the entries in journal order
   * @param droppedEntries how many older entries the journal had discarded
   * @return the snapshot
   */
  public static TrafficSnapshot of(List<JournalEntry> entries, long droppedEntries) {
    return new TrafficSnapshot(entries, droppedEntries, ParkedPolls.none(), null);
  }

  /**
   * @return the journal position the snapshot is of: entries from it on are not part of it; {@link
   *     Long#MAX_VALUE} when neither the parked polls nor the counts name one
   */
  public long asOfSeq() {
    return counts == null ? parked.asOfSeq() : Math.min(parked.asOfSeq(), counts.asOfSeq());
  }
}
