package dev.agentbus.junit5;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Run by {@link AgentProcessTest} in a JVM whose heap is smaller than the line it reads: an agent
 * prints one line of the given number of MiB, then a line {@code after}. Prints what was kept of
 * the long line, and ends with 0, once {@code after} was read.
 */
final class EndlessLine {

  private EndlessLine() {}

  public static void main(String[] args) throws IOException {
    int mebibytes = Integer.parseInt(args[0]);
    String script =
        "import sys\n"
            + "for _ in range("
            + mebibytes * 16
            + "):\n"
            + "    sys.stdout.write('x' * 65536)\n"
            + "sys.stdout.write('\\nafter\\n')\n";
    try (AgentProcess agent =
        AgentProcess.start("endless", List.of("python3", "-c", script), Map.of())) {
      agent.awaitLine("after"::equals, Duration.ofSeconds(60));
      String line = agent.lines().get(0);
      int mark = line.indexOf('…');
      System.out.println("kept " + mark + " characters, then " + line.substring(mark));
    }
  }
}
