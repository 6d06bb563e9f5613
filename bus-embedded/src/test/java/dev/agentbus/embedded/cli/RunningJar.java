package dev.agentbus.embedded.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The shaded {@code agent-bus.jar} as a child process: its output lines readable as events, its
 * exact output bytes kept for byte-for-byte comparisons.
 */
final class RunningJar implements AutoCloseable {

  static final Path JAR = Path.of("target", "agent-bus.jar");

  private final Process process;
  private final Output stdout = new Output();
  private final Output stderr = new Output();
  private final Thread stdoutPump;
  private final Thread stderrPump;

  RunningJar(String... args) throws IOException {
    this(Map.of(), args);
  }

  /** Starts the jar with extra environment variables (and none of the caller's AGENT_*). */
  RunningJar(Map<String, String> env, String... args) throws IOException {
    this(env, List.of(), args);
  }

  /** Starts the jar in a JVM with options of its own, e.g. a small heap. */
  static RunningJar withJvmOptions(List<String> jvmOptions, String... args) throws IOException {
    return new RunningJar(Map.of(), jvmOptions, args);
  }

  private RunningJar(Map<String, String> env, List<String> jvmOptions, String... args)
      throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR + " is missing: run the package phase first");
    }
    List<String> command = new ArrayList<>(List.of(javaBinary()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("AGENT_"));
    builder.environment().putAll(env);
    process = builder.start();
    stdoutPump = stdout.pumpFrom(process.getInputStream(), "jar-stdout");
    stderrPump = stderr.pumpFrom(process.getErrorStream(), "jar-stderr");
  }

  /** Writes {@code text} to the process's stdin and closes it. */
  void stdin(String text) throws IOException {
    try (var in = process.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The next line the process prints, waiting at most {@code timeout}; null on timeout. */
  String nextLine(Duration timeout) throws InterruptedException {
    return stdout.lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits for the process to end and its output to be read; returns its exit code. */
  int exitCode(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("agent-bus.jar did not exit within " + timeout);
    }
    stdoutPump.join(timeout.toMillis());
    stderrPump.join(timeout.toMillis());
    return process.exitValue();
  }

  /** Every byte printed on stdout so far, as UTF-8 text. */
  String stdoutText() {
    return stdout.text();
  }

  /** Every line printed on stderr; complete once the process has ended. */
  List<String> stderr() {
    return List.copyOf(stderr.lines);
  }

  /** Whether the process is still running. */
  boolean isAlive() {
    return process.isAlive();
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

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** One output stream of the process: its bytes, and its lines as they complete. */
  private static final class Output {
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Thread pumpFrom(InputStream in, String name) {
      Thread pump = new Thread(() -> pump(in), name);
      pump.setDaemon(true);
      pump.start();
      return pump;
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }

    private void pump(InputStream in) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      try (in) {
        for (int b = in.read(); b >= 0; b = in.read()) {
          synchronized (this) {
            bytes.write(b);
          }
          if (b == '\n') {
            lines.add(line.toString(StandardCharsets.UTF_8));
            line.reset();
          } else {
            line.write(b);
          }
        }
      } catch (IOException e) {
        // the process ended
      }
      if (line.size() > 0) {
        lines.add(line.toString(StandardCharsets.UTF_8));
      }
    }
  }
}
