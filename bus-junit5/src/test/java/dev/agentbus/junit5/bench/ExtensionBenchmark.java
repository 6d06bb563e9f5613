package dev.agentbus.junit5.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The per-test cost of {@code @WithAgentBus}. Prints one JSON line per figure:
 *
 * <ul>
 *   <li>{@code per_test}: p50 and p99 of 1,000 tests of each kind in one warm JVM (see {@link
 *       OverheadScenarios}), and the milliseconds each adds to an empty test at p50;
 *   <li>{@code first_test}: in fresh JVMs, how long the first test of a run takes (shared bus
 *       start, first namespace, first requests), and how long the JVM had run by then.
 * </ul>
 *
 * <p>Run: {@code ./mvnw -q -pl bus-junit5 -am test-compile exec:exec@junit5-bench}
 */
public final class ExtensionBenchmark {

  private static final int FRESH_JVMS = 5;

  private ExtensionBenchmark() {}

  /**
   * @param args {@code probe} to run the fresh-JVM probe; nothing for the whole benchmark
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("probe")) {
      probe();
      return;
    }
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
    List<Long> firstTests = new ArrayList<>();
    List<Long> jvmUptimes = new ArrayList<>();
    for (int i = 0; i < FRESH_JVMS; i++) {
      long[] probe = freshJvmProbe();
      firstTests.add(probe[0]);
      jvmUptimes.add(probe[1]);
    }
    System.out.printf(
        Locale.ROOT,
        "{\"figure\":\"first_test\",\"jvms\":%d,\"first_test_ms_p50\":%.1f,"
            + "\"first_test_ms\":%s,\"jvm_uptime_at_end_ms_p50\":%d}%n",
        FRESH_JVMS,
        percentile(firstTests, 50) / 1000.0,
        firstTests.stream().map(us -> String.format(Locale.ROOT, "%.1f", us / 1000.0)).toList(),
        percentile(jvmUptimes, 50));
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

  /** In this fresh JVM: run the first test, print its duration and the JVM's uptime. */
  private static void probe() {
    List<Long> micros = run(OverheadScenarios.FirstTest.class);
    System.out.println(micros.get(0) + " " + ManagementFactory.getRuntimeMXBean().getUptime());
  }

  private static long[] freshJvmProbe() throws IOException, InterruptedException {
    Process child =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                ExtensionBenchmark.class.getName(),
                "probe")
            .redirectErrorStream(true)
            .start();
    String last = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        last = line;
      }
    }
    if (!child.waitFor(60, TimeUnit.SECONDS) || child.exitValue() != 0 || last == null) {
      child.destroyForcibly();
      throw new IllegalStateException("the fresh-JVM probe failed; its last line: " + last);
    }
    String[] parts = last.trim().split(" ");
    return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
  }

  private static long percentile(List<Long> values, int percent) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }
}
