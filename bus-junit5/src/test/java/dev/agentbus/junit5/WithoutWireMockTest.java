package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.agentbus.client.AgentBusClient;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * WireMock is an optional dependency: on a test classpath without it, a test that asks for {@link
 * BusFaults} fails with a message naming the dependency to add, and a test that asks for none runs
 * as ever. Proved in a JVM of its own, on this test classpath with WireMock's jar taken out.
 */
class WithoutWireMockTest {

  @Test
  void aTestThatAsksForBusFaultsFailsNamingTheDependencyAndOthersRun(@TempDir Path dir)
      throws IOException, InterruptedException {
    Path output = dir.resolve("output.txt");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpathWithoutWireMock()));
    command.add(RunWithoutWireMock.class.getName());
    Process child =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean ended = child.waitFor(120, TimeUnit.SECONDS);
    if (!ended) {
      child.destroyForcibly();
    }
    String printed = Files.readString(output);

    assertThat(ended).as("the run ended; it printed:%n%s", printed).isTrue();
    assertThat(child.exitValue()).as(printed).isZero();
    assertThat(printed)
        .contains("wiremock on the classpath: false")
        .contains("without faults: succeeded")
        .contains("with faults: failed: BusFaults injects its faults through a WireMock proxy")
        .contains(
            "add the test dependency org.wiremock:wiremock-standalone:"
                + FaultProxies.wireMockVersion()
                + " (<scope>test</scope>");
  }

  @Test
  void theDependencyNamedIsTheVersionThisModuleIsBuiltWith() {
    assertThat(FaultProxies.wireMockVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  /** This run's test classpath (surefire's, or the JVM's in an IDE) without WireMock's jar. */
  private static List<String> classpathWithoutWireMock() {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = Arrays.asList(classpath.split(File.pathSeparator));
    List<String> kept =
        entries.stream()
            .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("wiremock"))
            .toList();
    assertThat(kept).as("WireMock's jar, found and left out").hasSize(entries.size() - 1);
    return kept;
  }

  /** The child JVM: runs one test with faults and one without, and prints what became of each. */
  static final class RunWithoutWireMock {

    public static void main(String[] args) {
      System.out.println("wiremock on the classpath: " + onClasspath(FaultProxies.WIREMOCK_CLASS));
      System.out.println("without faults: " + outcome(AsksForNoFaults.class));
      System.out.println("with faults: " + outcome(AsksForFaults.class));
    }

    private static String outcome(Class<?> testClass) {
      EngineExecutionResults results =
          EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
      List<String> failures = EngineRuns.failureMessages(results);
      return failures.isEmpty()
          ? "succeeded " + results.testEvents().succeeded().count()
          : "failed: " + String.join(" | ", failures);
    }

    private static boolean onClasspath(String name) {
      try {
        Class.forName(name, false, RunWithoutWireMock.class.getClassLoader());
        return true;
      } catch (ClassNotFoundException e) {
        return false;
      }
    }
  }

  @WithAgentBus
  static class AsksForNoFaults {
    @Test
    void test(@Agent("alice") AgentBusClient alice) {
      alice.send("bob", "no proxy needed");
    }
  }

  @WithAgentBus
  static class AsksForFaults {
    @Test
    void test(@Agent("alice") AgentBusClient alice, BusFaults faults) {
      alice.send("bob", "never sent");
    }
  }
}
