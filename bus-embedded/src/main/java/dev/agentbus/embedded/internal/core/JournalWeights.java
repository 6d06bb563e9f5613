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

/** Estimated heap bytes of journal entries, for the memory budget. */
final class JournalWeights {

  /** An entry's record, its sequence number, timestamps and boxing. */
  private static final long ENTRY = 160;

  /** One timestamp a poll returned: a BigDecimal and its list slot. */
  private static final long RETURNED_TS = 48;

  private JournalWeights() {}

  static long of(JournalEntry entry) {
    if (entry instanceof MessageSent sent) {
      return ENTRY
          + MemoryBudget.of(sent.msg())
          + MemoryBudget.of(sent.from())
          + MemoryBudget.of(sent.to())
          + MemoryBudget.of(sent.channel())
          + MemoryBudget.of(sent.userAgent());
    }
    if (entry instanceof PollAnswered poll) {
      return ENTRY
          + MemoryBudget.of(poll.to())
          + MemoryBudget.of(poll.channel())
          + MemoryBudget.of(poll.userAgent())
          + RETURNED_TS * poll.returned().size();
    }
    if (entry instanceof RequestRejected rejected) {
      long fields = 0;
      for (var field : rejected.fields().entrySet()) {
        fields += MemoryBudget.of(field.getKey()) + MemoryBudget.of(field.getValue());
      }
      return ENTRY
          + MemoryBudget.of(rejected.endpoint())
          + MemoryBudget.of(rejected.error())
          + fields;
    }
    if (entry instanceof MessageEvicted evicted) {
      return identity(evicted.from(), evicted.to(), evicted.channel());
    }
    if (entry instanceof MessageDroppedOnPurpose dropped) {
      return identity(dropped.from(), dropped.to(), dropped.channel());
    }
    if (entry instanceof MessageDuplicated duplicated) {
      return RETURNED_TS + identity(duplicated.from(), duplicated.to(), duplicated.channel());
    }
    if (entry instanceof MessageHeldBack held) {
      return RETURNED_TS + identity(held.from(), held.to(), held.channel());
    }
    if (entry instanceof MessageLostInRestart lost) {
      return identity(lost.from(), lost.to(), lost.channel());
    }
    if (entry instanceof NamespaceRestarted) {
      return ENTRY;
    }
    if (entry instanceof WireFaultInjected wire) {
      return ENTRY
          + MemoryBudget.of(wire.agent())
          + MemoryBudget.of(wire.request())
          + MemoryBudget.of(wire.fault());
    }
    MessageReleased released = (MessageReleased) entry;
    return RETURNED_TS + identity(released.from(), released.to(), released.channel());
  }

  /** An entry that names a message by its route and channel. */
  private static long identity(String from, String to, String channel) {
    return ENTRY + MemoryBudget.of(from) + MemoryBudget.of(to) + MemoryBudget.of(channel);
  }
}
