package dev.agentbus.junit5;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs test classes through the JUnit engine from outside, as a build would, and reads what they
 * published. Inner test classes hand values (URLs, ids, pids) out through {@code TestReporter}, so
 * that no state is shared through statics.
 */
final class EngineRuns {

  private EngineRuns() {}

  static EngineExecutionResults run(Class<?> testClass) {
    return run(testClass, Map.of());
  }

  static EngineExecutionResults run(Class<?> testClass, Map<String, String> configuration) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameters(configuration)
        .selectors(selectClass(testClass))
        .execute();
  }

  static EngineExecutionResults run(List<Class<?>> testClasses, Map<String, String> configuration) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameters(configuration)
        .selectors(testClasses.stream().map(c -> selectClass(c)).toArray(DiscoverySelector[]::new))
        .execute();
  }

  /** Every value published under {@code key}, in the order published. */
  static List<String> reported(EngineExecutionResults results, String key) {
    return reportedEntries(results).stream()
        .map(entry -> entry.get(key))
        .filter(value -> value != null)
        .toList();
  }

  /** Every entry published, with all its keys, in the order published. */
  static List<Map<String, String>> reportedEntries(EngineExecutionResults results) {
    return results.allEvents().reportingEntryPublished().stream()
        .map(event -> event.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
        .toList();
  }

  /** The failure message of every failed test, in the order they finished. */
  static List<String> failureMessages(EngineExecutionResults results) {
    return results.testEvents().failed().stream()
        .map(EngineRuns::failure)
        .map(Throwable::getMessage)
        .toList();
  }

  static Throwable failure(Event event) {
    return event
        .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
        .getThrowable()
        .orElseThrow();
  }
}
