package dev.agentbus.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The per-test cost of {@code @WithAgentBus}. Prints one JSON line per figure:
 *
 * <ul>
 *   <li>{@code per_test}: p50 and p99 of 1,000 tests of each kind in one warm JVM (see {@link
 *       OverheadScenarios}), and the milliseconds each adds to an empty test at p50;
 *   <li>{@code first_test}: in fresh JVMs, the first test of a run (shared bus start, first
 *       namespace, first requests) beside an empty one, WireMock's and MockWebServer's (see {@link
 *       FirstTestBenchmark}).
 * </ul>
 *
 * <p>Run: {@code ./mvnw -q -pl bus-benchmarks -am test-compile exec:exec@junit5-bench}
 */
public final class ExtensionBenchmark {

  private ExtensionBenchmark() {}

  /**
   * @param args none
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    // a warm-up round of each, then the measured one
    for (Class<?> kind : kinds()) {
      run(kind);
    }
    long emptyP50 = 0;
    for (Class<?> kind : kinds()) {
      List<Long> micros = run(kind);
      long p50 = percentile(micros, 50);
      if (kind == OverheadScenarios.EmptyTests.class) {
        emptyP50 = p50;
      }
      System.out.printf(
          Locale.ROOT,
          "{\"figure\":\"per_test\",\"kind\":\"%s\",\"tests\":%d,\"p50_us\":%d,\"p99_us\":%d,"
              + "\"added_p50_ms\":%.3f}%n",
          kind.getSimpleName(),
          micros.size(),
          p50,
          percentile(micros, 99),
          (p50 - emptyP50) / 1000.0);
    }
    FirstTestBenchmark.run(FirstTestBenchmark.DEFAULT_JVMS);
  }

  private static List<Class<?>> kinds() {
    return List.of(
        OverheadScenarios.EmptyTests.class,
        OverheadScenarios.InjectedIdleAgentTests.class,
        OverheadScenarios.InjectedAgentTests.class,
        OverheadScenarios.PlainClientTests.class,
        OverheadScenarios.OwnBusTests.class);
  }

  private static List<Long> run(Class<?> testClass) {
    Launcher launcher = LauncherFactory.create();
    TestTimer timer = new TestTimer();
    launcher.execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(), timer);
    if (!timer.failures().isEmpty()) {
      throw new IllegalStateException(testClass.getSimpleName() + " failed: " + timer.failures());
    }
    return timer.micros();
  }

  private static long percentile(List<Long> values, int percent) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }
}
