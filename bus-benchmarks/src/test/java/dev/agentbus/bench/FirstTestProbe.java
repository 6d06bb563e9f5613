package dev.agentbus.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.Locale;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * What each fresh JVM of {@link FirstTestBenchmark} runs: one class of {@link FirstTestScenarios}
 * through the JUnit Platform launcher, as a build tool would. Its last line of output is {@code
 * first-test <test µs> <class µs> <CPU µs>}: the test from its start event to its finish event, its
 * class from the class's start event to its finish event (class-level set-up and tear-down, such as
 * WireMock's server start and stop, included), and the CPU time the whole JVM had used by then
 * (every thread: class loading, the JIT, garbage collection), which other processes on the machine
 * inflate far less than they inflate wall-clock time.
 */
final class FirstTestProbe {

  static final String OUTPUT = "first-test";

  private FirstTestProbe() {}

  /**
   * @param args the simple name of one class nested in {@link FirstTestScenarios}
   * @throws ClassNotFoundException if there is no such class
   */
  public static void main(String[] args) throws ClassNotFoundException {
    Class<?> scenario = Class.forName(FirstTestScenarios.class.getName() + "$" + args[0]);
    Timing timing = new Timing();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request().selectors(selectClass(scenario)).build(),
            timing);
    if (timing.failure != null || timing.testNanos == 0 || timing.classNanos == 0) {
      System.out.println("the first test failed or did not run: " + timing.failure);
      System.exit(1);
    }
    long cpuMicros =
        ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1_000;
    System.out.printf(
        Locale.ROOT,
        "%s %d %d %d%n",
        OUTPUT,
        timing.testNanos / 1_000,
        timing.classNanos / 1_000,
        cpuMicros);
  }

  /** One test in one class, run on the launcher's thread: no synchronisation needed. */
  private static final class Timing implements TestExecutionListener {
    private long testStart;
    private long classStart;
    private long testNanos;
    private long classNanos;
    private String failure;

    @Override
    public void executionStarted(TestIdentifier id) {
      if (id.isTest()) {
        testStart = System.nanoTime();
      } else if (isClass(id)) {
        classStart = System.nanoTime();
      }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
      if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
        failure = id.getDisplayName() + ": " + result.getThrowable().orElse(null);
      }
      if (id.isTest()) {
        testNanos = System.nanoTime() - testStart;
      } else if (isClass(id)) {
        classNanos = System.nanoTime() - classStart;
      }
    }

    private static boolean isClass(TestIdentifier id) {
      return id.getSource().filter(ClassSource.class::isInstance).isPresent();
    }
  }
}
