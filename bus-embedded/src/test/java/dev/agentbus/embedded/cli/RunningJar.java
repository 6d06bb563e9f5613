package dev.agentbus.embedded.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The shaded {@code agent-bus.jar} as a child process, its output lines readable as events. */
final class RunningJar implements AutoCloseable {

  static final Path JAR = Path.of("target", "agent-bus.jar");

  private final Process process;
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
  private final List<String> stderr = new ArrayList<>();
  private final Thread stderrReader;

  RunningJar(String... args) throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR + " is missing: run the package phase first");
    }
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    process = new ProcessBuilder(command).start();
    Thread stdoutReader = new Thread(() -> pump(process.getInputStream(), stdout), "jar-stdout");
    stdoutReader.setDaemon(true);
    stdoutReader.start();
    stderrReader =
        new Thread(
            () -> {
              BlockingQueue<String> lines = new LinkedBlockingQueue<>();
              pump(process.getErrorStream(), lines);
              synchronized (stderr) {
                lines.drainTo(stderr);
              }
            },
            "jar-stderr");
    stderrReader.setDaemon(true);
    stderrReader.start();
  }

  /** The next line the process prints, waiting at most {@code timeout}; null on timeout. */
  String nextLine(Duration timeout) throws InterruptedException {
    return stdout.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits for the process to end; returns its exit code. */
  int exitCode(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("agent-bus.jar did not exit within " + timeout);
    }
    stderrReader.join(timeout.toMillis());
    return process.exitValue();
  }

  /** Everything printed on stderr, once the process has ended. */
  List<String> stderr() {
    synchronized (stderr) {
      return List.copyOf(stderr);
    }
  }

  /**
   * Sends SIGTERM, as a CI runner or {@code kill PID} does. Through the process handle, because
   * {@link Process#destroy()} also closes our end of the output pipes.
   */
  void terminate() {
    process.toHandle().destroy();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private static void pump(java.io.InputStream in, BlockingQueue<String> into) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        into.add(line);
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
