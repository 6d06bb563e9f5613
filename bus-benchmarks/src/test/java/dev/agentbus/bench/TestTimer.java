package dev.agentbus.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/** Times each test from its start event to its finish event (its callbacks included). */
final class TestTimer implements TestExecutionListener {

  private final Map<String, Long> started = new ConcurrentHashMap<>();
  private final List<Long> micros = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  @Override
  public void executionStarted(TestIdentifier test) {
    if (test.isTest()) {
      started.put(test.getUniqueId(), System.nanoTime());
    }
  }

  @Override
  public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (test.isTest()) {
      micros.add((System.nanoTime() - started.remove(test.getUniqueId())) / 1_000);
      if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
        failures.add(test.getDisplayName() + ": " + result.getThrowable().orElse(null));
      }
    }
  }

  synchronized List<Long> micros() {
    return List.copyOf(micros);
  }

  synchronized List<String> failures() {
    return List.copyOf(failures);
  }
}
