package dev.agentbus.junit5;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules a test scripted, and what they injected so far. The proxy asks {@link #decide} once per
 * request, from its own threads; the test adds and clears rules from its thread. Thread-safe.
 */
final class FaultRules {

  private final WireFaultRecorder recorder;
  private final List<FaultRule> rules = new ArrayList<>(); // guarded by this
  private final List<InjectedFault> injected = new ArrayList<>(); // guarded by this

  /**
   * @param recorder where each injected fault is recorded besides here: the test's traffic
   */
  FaultRules(WireFaultRecorder recorder) {
    this.recorder = recorder;
  }

  synchronized void add(FaultRule rule) {
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
      for (FaultRule rule : rules) {
        if (rule.fires(request)) {
          fault = rule.fault();
          injected.add(new InjectedFault(request.agent(), request.describe(), fault.describe()));
          break;
        }
      }
    }
    if (fault == null) {
      return Optional.empty();
    }
    recorder.recordWireFault(request.agent(), request.describe(), fault.describe());
    return Optional.of(fault);
  }

  synchronized List<InjectedFault> injected() {
    return List.copyOf(injected);
  }
}
