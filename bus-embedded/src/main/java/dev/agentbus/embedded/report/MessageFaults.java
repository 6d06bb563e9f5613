package dev.agentbus.embedded.report;

import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.MessageDroppedOnPurpose;
import dev.agentbus.embedded.journal.MessageDuplicated;
import dev.agentbus.embedded.journal.MessageHeldBack;
import dev.agentbus.embedded.journal.MessageLostInRestart;
import dev.agentbus.embedded.journal.MessageReleased;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the in-bus faults a test asked for did to each message, read from the journal, so that the
 * page can say it beside the message: dropped, copied (and the copy's timestamp), held back until
 * when, released under which timestamp, lost in a restart. A page made from a report alone has no
 * journal, and shows only the statuses.
 */
final class MessageFaults {

  static final MessageFaults NONE = new MessageFaults(Map.of(), 0);

  /**
   * One fault applied to one message.
   *
   * @param kind {@code dropped}, {@code duplicated}, {@code heldBack}, {@code released} or {@code
   *     lostInRestart}
   * @param at when the bus applied it
   * @param ts for {@code duplicated} the copy's timestamp, for {@code heldBack} when the hold ends,
   *     for {@code released} the timestamp it was queued under, for {@code lostInRestart} the
   *     timestamp of what was lost (the message, its copy or its release); {@code null} for {@code
   *     dropped}
   */
  record Mark(String kind, BigDecimal at, BigDecimal ts) {}

  private final Map<BigDecimal, List<Mark>> bySentTs;
  private final int duplicated;

  private MessageFaults(Map<BigDecimal, List<Mark>> bySentTs, int duplicated) {
    this.bySentTs = bySentTs;
    this.duplicated = duplicated;
  }

  /**
   * @param entries a journal's entries, in order
   * @param cut the sequence number the page's traffic ends before
   */
  static MessageFaults of(List<JournalEntry> entries, long cut) {
    Map<BigDecimal, List<Mark>> marks = new HashMap<>();
    // A copy's or a release's timestamp -> the timestamp its sender was answered with.
    Map<BigDecimal, BigDecimal> sentAs = new HashMap<>();
    int duplicated = 0;
    for (JournalEntry entry : entries) {
      if (entry.seq() >= cut) {
        break;
      }
      if (entry instanceof MessageDroppedOnPurpose dropped) {
        add(marks, dropped.ts(), new Mark("dropped", dropped.at(), null));
      } else if (entry instanceof MessageDuplicated copy) {
        sentAs.put(key(copy.copyTs()), key(copy.ts()));
        duplicated++;
        add(marks, copy.ts(), new Mark("duplicated", copy.at(), copy.copyTs()));
      } else if (entry instanceof MessageHeldBack held) {
        add(marks, held.ts(), new Mark("heldBack", held.at(), held.until()));
      } else if (entry instanceof MessageReleased released) {
        sentAs.put(key(released.queuedTs()), key(released.ts()));
        add(marks, released.ts(), new Mark("released", released.at(), released.queuedTs()));
      } else if (entry instanceof MessageLostInRestart lost) {
        BigDecimal sent = sentAs.getOrDefault(key(lost.ts()), key(lost.ts()));
        add(marks, sent, new Mark("lostInRestart", lost.at(), lost.ts()));
      }
    }
    return new MessageFaults(marks, duplicated);
  }

  private static void add(Map<BigDecimal, List<Mark>> marks, BigDecimal ts, Mark mark) {
    marks.computeIfAbsent(key(ts), k -> new ArrayList<>(1)).add(mark);
  }

  private static BigDecimal key(BigDecimal ts) {
    return ts.stripTrailingZeros();
  }

  /**
   * @param sentTs the timestamp the message's sender was answered with
   * @return the faults applied to it, in journal order; empty if none
   */
  List<Mark> of(BigDecimal sentTs) {
    return bySentTs.getOrDefault(key(sentTs), List.of());
  }

  /**
   * @return how many messages a fault touched, whatever became of them
   */
  int touched() {
    return bySentTs.size();
  }

  /**
   * @return how many messages a fault copied
   */
  int duplicated() {
    return duplicated;
  }
}
