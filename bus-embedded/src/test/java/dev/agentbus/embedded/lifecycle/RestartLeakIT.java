package dev.agentbus.embedded.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A stopped bus keeps nothing: a JVM with a small heap starts, uses and stops buses hundreds of
 * times, and its heap in use after a full collection stays flat.
 */
class RestartLeakIT {

  private static final int CYCLES = 500;

  /** Small enough that 1 MiB kept per stopped bus runs out of memory within a hundred cycles. */
  private static final String HEAP = "-Xmx48m";

  /** What the heap may grow by between the first and last checkpoint: code caches, interning. */
  private static final long FLAT_BYTES = 4L << 20;

  private static final Pattern CHECKPOINT = Pattern.compile("cycle (\\d+) heap (\\d+)");

  @Test
  void fiveHundredBusesStartedUsedAndStoppedLeaveTheHeapFlat() throws Exception {
    Path log = Files.createTempFile(Path.of("target"), "restart-loop", ".log");
    Process loop = startLoop(log);
    boolean ended = loop.waitFor(3, TimeUnit.MINUTES);
    if (!ended) {
      loop.destroyForcibly().waitFor();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);

    assertThat(ended).as("the loop ended within three minutes; it printed:%n%s", output).isTrue();
    assertThat(loop.exitValue()).as("exit code; the loop printed:%n%s", output).isZero();
    List<Long> heap = heapAtCheckpoints(output);
    assertThat(heap).as("checkpoints in:%n%s", output).hasSize(CYCLES / RestartLoop.CHECKPOINT);
    assertThat(heap.get(heap.size() - 1) - heap.get(0))
        .as("heap in use after GC, from cycle %d to %d: %s", RestartLoop.CHECKPOINT, CYCLES, heap)
        .isLessThan(FLAT_BYTES);
  }

  private static Process startLoop(Path log) throws IOException {
    String classpath =
        String.join(
            System.getProperty("path.separator"),
            Path.of("target", "agent-bus.jar").toString(),
            Path.of("target", "test-classes").toString());
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            HEAP,
            "-cp",
            classpath,
            RestartLoop.class.getName(),
            Integer.toString(CYCLES))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static List<Long> heapAtCheckpoints(String output) {
    List<Long> heap = new ArrayList<>();
    Matcher matcher = CHECKPOINT.matcher(output);
    while (matcher.find()) {
      heap.add(Long.parseLong(matcher.group(2)));
    }
    return heap;
  }
}
