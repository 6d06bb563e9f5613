package dev.agentbus.junit5;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules a test scripted, and what they injected so far. The proxy asks {@link #decide} once per
 * request, from its own threads; the test adds and clears rules from its thread. Thread-safe.
 */
final class WireFaultRules {

  /** The most rules at once: far more than a test scripts, few enough to ask on every request. */
  static final int MAX_RULES = 32;

  /** The most injected faults kept for {@link BusFaults#injected()}; the journal has them all. */
  static final int MAX_KEPT = 10_000;

  private final WireFaultRecorder recorder;
  private final List<WireFaultRule> rules = new ArrayList<>(); // guarded by this
  private final List<InjectedFault> injected = new ArrayList<>(); // guarded by this

  /**
   * @param recorder where each injected fault is recorded besides here: the test's traffic
   */
  WireFaultRules(WireFaultRecorder recorder) {
    this.recorder = recorder;
  }

  synchronized void add(WireFaultRule rule) {
    if (rules.size() >= MAX_RULES) {
      throw new IllegalStateException(
          "this test has "
              + MAX_RULES
              + " wire fault rules already, the most it may hold: call faults.clear() before"
              + " adding more, or narrow fewer rules with forAgent, next or every");
    }
    rules.add(rule);
  }

  synchronized void clear() {
    rules.clear();
  }

  /**
   * Asks the rules in the order they were added; the first that fires decides, and later rules do
   * not count the request. Records what it injects, here and in the traffic.
   *
   * @return the fault the request gets, or empty when it passes untouched
   */
  Optional<WireFault> decide(WireRequest request) {
    WireFault fault = null;
    synchronized (this) {
      for (WireFaultRule rule : rules) {
        if (rule.fires(request)) {
          fault = rule.fault();
          if (injected.size() < MAX_KEPT) {
            injected.add(new InjectedFault(request.agent(), request.describe(), fault.describe()));
          }
          break;
        }
      }
    }
    if (fault == null) {
      return Optional.empty();
    }
    record(request, fault);
    return Optional.of(fault);
  }

  private void record(WireRequest request, WireFault fault) {
    String agent = request.agent() == null || request.agent().isBlank() ? null : request.agent();
    try {
      recorder.recordWireFault(agent, request.describe(), fault.describe());
    } catch (RuntimeException e) {
      // The fault goes ahead all the same: the test asked for it, and injected() keeps it.
      System.err.println(
          "agent-bus: could not journal the wire fault "
              + fault.describe()
              + " on "
              + request.describe()
              + ", so the transcript will not show it: "
              + e);
    }
  }

  synchronized List<InjectedFault> injected() {
    return List.copyOf(injected);
  }
}
