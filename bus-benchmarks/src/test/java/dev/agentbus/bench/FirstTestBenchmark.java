package dev.agentbus.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The first test of a run, in fresh JVMs, beside WireMock's and MockWebServer's: each kind of
 * {@link FirstTestScenarios} runs in its own JVM, the kinds taking turns (the order rotating each
 * round), every JVM launched the same way ({@link FirstTestProbe}, the same class path). Times each
 * JVM from spawn to exit, and takes the test's and its class's own durations and the JVM's CPU time
 * from the JVM. Prints one JSON line per kind: the p50s, and what each kind adds to the empty
 * test's p50.
 *
 * <p>Run: {@code ./mvnw -q -pl bus-benchmarks -am test-compile exec:exec@first-test-bench}, or as
 * part of {@link ExtensionBenchmark}.
 */
final class FirstTestBenchmark {

  /** Fresh JVMs per kind unless the first argument says otherwise. */
  static final int DEFAULT_JVMS = 7;

  private static final List<String> KINDS =
      List.of("Empty", "AgentBus", "WireMock", "MockWebServer3");

  private FirstTestBenchmark() {}

  /**
   * @param args optionally the number of fresh JVMs per kind
   * @throws Exception if a JVM fails
   */
  public static void main(String[] args) throws Exception {
    run(args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_JVMS);
  }

  static void run(int jvms) throws IOException, InterruptedException {
    Map<String, List<FreshRun>> runs = new LinkedHashMap<>();
    KINDS.forEach(kind -> runs.put(kind, new ArrayList<>()));
    for (int round = 0; round < jvms; round++) {
      for (int turn = 0; turn < KINDS.size(); turn++) {
        String kind = KINDS.get((round + turn) % KINDS.size());
        runs.get(kind).add(freshJvm(kind));
      }
    }
    FreshRun empty = p50(runs.get("Empty"));
    for (Map.Entry<String, List<FreshRun>> kind : runs.entrySet()) {
      FreshRun p50 = p50(kind.getValue());
      System.out.printf(
          Locale.ROOT,
          "{\"figure\":\"first_test\",\"kind\":\"%s\",\"jvms\":%d,\"jvm_ms_p50\":%.1f,"
              + "\"added_jvm_ms\":%.1f,\"test_ms_p50\":%.1f,\"class_ms_p50\":%.1f,"
              + "\"added_class_ms\":%.1f,\"cpu_ms_p50\":%.1f,\"added_cpu_ms\":%.1f,"
              + "\"jvm_ms\":%s}%n",
          kind.getKey(),
          jvms,
          p50.jvmMicros() / 1000.0,
          (p50.jvmMicros() - empty.jvmMicros()) / 1000.0,
          p50.testMicros() / 1000.0,
          p50.classMicros() / 1000.0,
          (p50.classMicros() - empty.classMicros()) / 1000.0,
          p50.cpuMicros() / 1000.0,
          (p50.cpuMicros() - empty.cpuMicros()) / 1000.0,
          kind.getValue().stream().map(run -> run.jvmMicros() / 1000).toList());
    }
  }

  /**
   * One fresh JVM's figures.
   *
   * @param jvmMicros from spawn to exit
   * @param testMicros the test's own duration
   * @param classMicros its class's duration, class-level set-up and tear-down included
   * @param cpuMicros the CPU time of all the JVM's threads by the end of the run
   */
  record FreshRun(long jvmMicros, long testMicros, long classMicros, long cpuMicros) {}

  private static FreshRun freshJvm(String kind) throws IOException, InterruptedException {
    ProcessBuilder command =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                FirstTestProbe.class.getName(),
                kind)
            .redirectErrorStream(true);
    long spawned = System.nanoTime();
    Process child = command.start();
    String last = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        last = line;
      }
    }
    boolean exited = child.waitFor(60, TimeUnit.SECONDS);
    long wall = (System.nanoTime() - spawned) / 1_000;
    if (!exited
        || child.exitValue() != 0
        || last == null
        || !last.startsWith(FirstTestProbe.OUTPUT)) {
      child.destroyForcibly();
      throw new IllegalStateException("the " + kind + " JVM failed; its last line: " + last);
    }
    String[] parts = last.split(" ");
    return new FreshRun(
        wall, Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]));
  }

  /** The p50 of each figure on its own (not one run's figures). */
  private static FreshRun p50(List<FreshRun> runs) {
    return new FreshRun(
        median(runs.stream().map(FreshRun::jvmMicros).toList()),
        median(runs.stream().map(FreshRun::testMicros).toList()),
        median(runs.stream().map(FreshRun::classMicros).toList()),
        median(runs.stream().map(FreshRun::cpuMicros).toList()));
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get((sorted.size() - 1) / 2);
  }
}
