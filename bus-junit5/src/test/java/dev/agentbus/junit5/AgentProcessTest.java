package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.protocol.BusMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Agents as processes of their own: a Python 3 script configured by the agent environment. */
@WithAgentBus
class AgentProcessTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  /** How long killed children get to be gone: the agent's TERM grace and a KILL round. */
  private static final Duration KILLED = Duration.ofSeconds(10);

  @Test
  void aPythonAgentAnswersAJavaAgentOverTheTestsChannel(
      @Agent("alice") AgentBusClient alice, AgentBus bus, Traffic traffic, @TempDir Path dir)
      throws IOException {
    // snippet:process
    AgentProcess carol =
        bus.start(
            "carol", List.of("python3", TestScripts.echoAgent(dir).toString(), "--count", "1"));
    carol.awaitLine(line -> line.equals("listening as carol on " + bus.channel()), WAIT);

    alice.send("carol", "hello, carol");

    carol.awaitLine(line -> line.equals("got alice: hello, carol"), WAIT);
    traffic.awaitSent(Sent.by("carol").to("alice"), WAIT);
    assertThat(alice.pollNow()).extracting(BusMessage::msg).containsExactly("echo: hello, carol");
    assertThat(carol.awaitExit(WAIT)).isZero();
    // end-snippet:process
    traffic.assertThat(Sent.by("alice").to("carol")).wasDelivered().exactlyOnce();
    traffic.assertThat(Sent.by("carol").to("alice").on(bus.channel())).wasDelivered();
    traffic.assertNothingUndelivered();
  }

  @Test
  void theAgentEnvironmentNamesTheTestsNamespaceChannelAndBrowserUserAgent(AgentBus bus) {
    assertThat(bus.environment("carol"))
        .containsEntry("AGENT_BUS_URL", bus.url().toString())
        .containsEntry("AGENT_NAME", "carol")
        .containsEntry("AGENT_BUS_CHANNEL", bus.channel())
        .containsEntry("AGENT_BUS_UA", "Mozilla/5.0")
        .doesNotContainKey("AGENT_BUS_TOKEN");
  }

  @Test
  void aProcessStillRunningWhenTheTestEndsIsKilled() {
    EngineExecutionResults results = EngineRuns.run(LeavesItsAgentRunning.class);

    results.testEvents().assertStatistics(s -> s.succeeded(1));
    long pid = Long.parseLong(EngineRuns.reported(results, "pid").get(0));
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void aFailedTestShowsTheOutputOfItsAgentProcesses(@TempDir Path dir) {
    EngineExecutionResults results =
        EngineRuns.run(
            FailsWhileItsAgentRuns.class, Map.of("agentbus.reports.dir", dir.toString()));

    results.testEvents().assertStatistics(s -> s.failed(1));
    assertThat(EngineRuns.reported(results, "agentbus.process.carol"))
        .singleElement()
        .asString()
        .startsWith("--- agent process carol (pid ")
        .contains("listening as carol on test-")
        .endsWith("--- end of carol output");
  }

  @Test
  void awaitLineFailsWithTheOutputWhenTheProcessEndsWithoutTheLine(AgentBus bus) {
    AgentProcess quiet = bus.start("quiet", List.of("python3", "-c", "print('nothing to see')"));

    assertThatThrownBy(() -> quiet.awaitLine(line -> line.contains("ready"), WAIT))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("agent process quiet ended its output (exit ")
        .hasMessageContaining("nothing to see");
  }

  @Test
  void aChildWhoseParentExitedFirstIsKilledWithTheAgent(AgentBus bus) throws Exception {
    AgentProcess carol =
        bus.start(
            "carol",
            List.of(
                "sh", "-c", "sh -c 'sleep 611 & echo \"child $!\"'; echo ready; exec sleep 612"));
    carol.awaitLine("ready"::equals, WAIT);
    long orphan = pids(carol.awaitLine(line -> line.startsWith("child "), WAIT)).get(0);
    try {
      carol.close();

      assertThat(carol.isAlive()).isFalse();
      assertThat(endsWithin(orphan, KILLED)).as("the orphaned child %d ended", orphan).isTrue();
    } finally {
      killIfStillOurs(orphan, "sleep 611");
    }
  }

  @Test
  void childrenStartedWhileTheAgentHandlesTermAreKilledToo(AgentBus bus, @TempDir Path dir)
      throws Exception {
    Path spawnedFile = dir.resolve("spawned.txt");
    String script =
        "trap 'sleep 613 & a=$!; sleep 613 & echo \"spawned $a $!\" > \"$1\"; exit 0' TERM\n"
            + "echo ready\n"
            + "while :; do sleep 614 & wait; done\n";
    AgentProcess carol =
        bus.start("carol", List.of("sh", "-c", script, "sh", spawnedFile.toString()));
    carol.awaitLine("ready"::equals, WAIT);

    carol.close();

    List<Long> spawned = pids(Files.readString(spawnedFile).strip());
    try {
      assertThat(spawned).hasSize(2);
      for (long child : spawned) {
        assertThat(endsWithin(child, KILLED)).as("child %d started on TERM ended", child).isTrue();
      }
    } finally {
      spawned.forEach(child -> killIfStillOurs(child, "sleep 613"));
    }
  }

  @Test
  void aLineWithoutEndIsCutWhileItIsReadSoThatAHeapSmallerThanTheLineSuffices(@TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("out.txt");
    Process jvm =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx32m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                EndlessLine.class.getName(),
                "64")
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    try {
      assertThat(jvm.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the JVM ended").isTrue();
      String printed = Files.readString(out);
      assertThat(jvm.exitValue()).as(printed).isZero();
      assertThat(printed)
          .startsWith("kept 4000 characters, then … (" + (64L * 1024 * 1024 - 4000))
          .contains(" more characters cut)");
    } finally {
      jvm.destroyForcibly();
    }
  }

  @Test
  void aFailedTestShowsTheNewestOutputUpToTheByteBoundAndSaysWhatWasLeftOut(@TempDir Path dir) {
    EngineExecutionResults results =
        EngineRuns.run(
            FailsAfterItsAgentPrintedMuch.class, Map.of("agentbus.reports.dir", dir.toString()));

    results.testEvents().assertStatistics(s -> s.failed(1));
    String shown = EngineRuns.reported(results, "agentbus.process.carol").get(0);
    assertThat(shown.length()).isLessThan(AgentProcess.MAX_OUTPUT_BYTES + 1_000);
    assertThat(shown)
        .containsPattern(
            "\\n\\(\\d+ older lines, \\d+ bytes, left out; the newest \\d+ lines, \\d+"
                + " bytes, follow\\)\\n")
        .contains("\n1999 yyyy")
        .doesNotContain("\n0000 yyyy")
        .endsWith("done\n--- end of carol output");
  }

  /** Every number in a line such as {@code spawned 123 124}. */
  private static List<Long> pids(String line) {
    return Arrays.stream(line.split(" ")).skip(1).map(Long::parseLong).toList();
  }

  /** Whether a process has ended within the timeout, woken by its end. */
  private static boolean endsWithin(long pid, Duration timeout) throws Exception {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty()) {
      return true;
    }
    try {
      process.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }

  /** Kills a process a test started, if it still runs and is still that command. */
  private static void killIfStillOurs(long pid, String commandLine) {
    ProcessHandle.of(pid)
        .filter(p -> p.info().commandLine().orElse("").contains(commandLine))
        .ifPresent(ProcessHandle::destroyForcibly);
  }

  @WithAgentBus
  static class FailsAfterItsAgentPrintedMuch {
    @Test
    void test(AgentBus bus) {
      AgentProcess carol =
          bus.start(
              "carol",
              List.of(
                  "python3",
                  "-c",
                  "for i in range(2000): print('%04d ' % i + 'y' * 3995)\nprint('done')"));
      carol.awaitLine("done"::equals, WAIT);
      throw new AssertionError("the agent logic under test broke");
    }
  }

  @WithAgentBus
  static class LeavesItsAgentRunning {
    @Test
    void test(AgentBus bus, TestReporter reporter, @TempDir Path dir) throws IOException {
      AgentProcess carol =
          bus.start("carol", List.of("python3", TestScripts.echoAgent(dir).toString()));
      carol.awaitLine(line -> line.startsWith("listening"), WAIT);
      reporter.publishEntry("pid", String.valueOf(carol.pid()));
    }
  }

  @WithAgentBus
  static class FailsWhileItsAgentRuns {
    @Test
    void test(AgentBus bus, @TempDir Path dir) throws IOException {
      AgentProcess carol =
          bus.start("carol", List.of("python3", TestScripts.echoAgent(dir).toString()));
      carol.awaitLine(line -> line.startsWith("listening"), WAIT);
      throw new AssertionError("the agent logic under test broke");
    }
  }
}
