package dev.agentbus.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The failures of one client's listeners, oldest first, for {@link
 * AgentBusClient#listenerFailures()}. Bounded: a handler that fails on every message of a flood
 * would otherwise fill the heap, so only the first {@link #KEPT} are kept and the first one dropped
 * is announced once. Thread-safe.
 */
final class ListenerFailures {

  /** How many failures are kept. */
  static final int KEPT = 100;

  private final String agent;
  private final Consumer<String> warnings;
  private final List<AgentBusException> kept = new ArrayList<>(); // guarded by itself
  private boolean droppingAnnounced; // guarded by kept

  ListenerFailures(String agent, Consumer<String> warnings) {
    this.agent = agent;
    this.warnings = warnings;
  }

  void record(AgentBusException failure) {
    boolean announce;
    synchronized (kept) {
      if (kept.size() < KEPT) {
        kept.add(failure);
        return;
      }
      announce = !droppingAnnounced;
      droppingAnnounced = true;
    }
    if (announce) { // outside the lock: the warnings consumer is the user's code
      warnings.accept(
          "agent-bus client '"
              + agent
              + "': its listeners failed more than "
              + KEPT
              + " times; listenerFailures() keeps the first "
              + KEPT
              + ", later failures still reach each listener's error callback");
    }
  }

  List<AgentBusException> snapshot() {
    synchronized (kept) {
      return List.copyOf(kept);
    }
  }
}
