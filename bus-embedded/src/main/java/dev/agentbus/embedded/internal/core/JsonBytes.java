package dev.agentbus.embedded.internal.core;

import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.MessageDroppedOnPurpose;
import dev.agentbus.embedded.journal.MessageDuplicated;
import dev.agentbus.embedded.journal.MessageEvicted;
import dev.agentbus.embedded.journal.MessageHeldBack;
import dev.agentbus.embedded.journal.MessageLostInRestart;
import dev.agentbus.embedded.journal.MessageReleased;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.NamespaceRestarted;
import dev.agentbus.embedded.journal.PollAnswered;
import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.journal.WireFaultInjected;
import java.util.Map;

/**
 * The bytes the bus's JSON encoder writes for what it answers, counted in one pass without
 * encoding: pages of the journal and of the traffic report are cut by these, so that a page stays
 * within its stated size in bytes however its text is made up. A character count is not enough: a
 * control character is written as a six-byte escape (a backslash, {@code u} and four hex digits),
 * so a body of them takes six times its length.
 *
 * <p>Strings are counted exactly as Jackson writes them; the fixed parts of an entry (field names,
 * numbers, timestamps, punctuation) are counted generously, so a count never falls short.
 * Stateless.
 */
public final class JsonBytes {

  /**
   * An entry's (or a traffic outcome's) field names, kind, sequence number, timestamps, flags and
   * punctuation.
   */
  public static final long ENTRY = 256;

  /** One decimal timestamp in a list, with its comma. */
  private static final long TIMESTAMP = 40;

  private JsonBytes() {}

  /**
   * @param text a string, or {@code null}
   * @return the bytes it takes as a JSON value: quotes, escapes and UTF-8 included
   */
  public static long of(String text) {
    if (text == null) {
      return 4; // null
    }
    long bytes = 2;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += ascii(c);
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isSurrogate(c)) {
        // Jackson escapes each half of a pair (and a lone half) as six bytes rather than writing
        // the code point's four UTF-8 bytes.
        bytes += 6;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static int ascii(char c) {
    if (c == '"' || c == '\\') {
      return 2;
    }
    if (c >= 0x20) {
      return 1;
    }
    return switch (c) {
      case '\b', '\t', '\n', '\f', '\r' -> 2;
      default -> 6;
    };
  }

  /**
   * @param entry a journal entry
   * @return at least the bytes it takes in a JSON page
   */
  public static long of(JournalEntry entry) {
    if (entry instanceof MessageSent sent) {
      return of(sent);
    }
    if (entry instanceof PollAnswered poll) {
      return ENTRY
          + of(poll.to())
          + of(poll.channel())
          + of(poll.readsChannel())
          + of(poll.userAgent())
          + TIMESTAMP * (poll.returned().size() + 3L);
    }
    if (entry instanceof RequestRejected rejected) {
      long fields = 0;
      for (Map.Entry<String, String> field : rejected.fields().entrySet()) {
        fields += of(field.getKey()) + 1 + of(field.getValue()) + 1;
      }
      return ENTRY
          + of(rejected.method())
          + of(rejected.endpoint())
          + of(rejected.error())
          + fields;
    }
    if (entry instanceof MessageEvicted evicted) {
      return ENTRY + of(evicted.from()) + of(evicted.to()) + of(evicted.channel());
    }
    if (entry instanceof MessageDroppedOnPurpose dropped) {
      return ENTRY + of(dropped.from()) + of(dropped.to()) + of(dropped.channel());
    }
    if (entry instanceof MessageDuplicated duplicated) {
      return ENTRY
          + TIMESTAMP
          + of(duplicated.from())
          + of(duplicated.to())
          + of(duplicated.channel());
    }
    if (entry instanceof MessageHeldBack held) {
      return ENTRY + TIMESTAMP + of(held.from()) + of(held.to()) + of(held.channel());
    }
    if (entry instanceof MessageLostInRestart lost) {
      return ENTRY + of(lost.from()) + of(lost.to()) + of(lost.channel());
    }
    if (entry instanceof NamespaceRestarted) {
      return ENTRY;
    }
    if (entry instanceof WireFaultInjected wire) {
      return ENTRY + of(wire.agent()) + of(wire.request()) + of(wire.fault());
    }
    MessageReleased released = (MessageReleased) entry;
    return ENTRY + TIMESTAMP + of(released.from()) + of(released.to()) + of(released.channel());
  }

  private static long of(MessageSent sent) {
    return ENTRY
        + of(sent.msg())
        + of(sent.from())
        + of(sent.to())
        + of(sent.channel())
        + of(sent.userAgent());
  }
}
