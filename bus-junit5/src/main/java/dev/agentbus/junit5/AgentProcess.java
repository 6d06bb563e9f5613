package dev.agentbus.junit5;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An agent running as a process of its own (a Python script, an assistant session, any command),
 * started by {@link AgentBus#start} with a named agent's environment. Its standard output and error
 * are read line by line as they come (merged, UTF-8) and kept, so that a test can wait for a line
 * and a failed test shows them.
 *
 * <p>Bounded, however much the agent prints: each line is cut at {@value #MAX_LINE_CHARS}
 * characters while it is read (the rest of it is read and dropped), and the newest lines are kept,
 * at most {@value #MAX_LINES} of them and {@value #MAX_OUTPUT_BYTES} bytes (UTF-8) in all. What is
 * left out is counted and said where the output is shown.
 *
 * <p>The process and every process it starts are killed when the test ends, or by {@link #close()}:
 * on Linux it runs in a process group of its own, which is signalled as a whole, so that children
 * whose parent has ended, or which were started while it was being stopped, go too; see {@link
 * #close()}. Thread-safe.
 */
public final class AgentProcess implements AutoCloseable {

  /** The most output lines kept; older ones are dropped and counted. */
  public static final int MAX_LINES = 10_000;

  /** The most characters kept of one output line; the rest of a longer line is counted. */
  public static final int MAX_LINE_CHARS = 4_000;

  /**
   * The most bytes of output (UTF-8, a line ending counted as one) kept, and shown when a test
   * fails; the oldest lines are dropped and counted beyond it.
   */
  public static final int MAX_OUTPUT_BYTES = 1 << 20;

  private final String agent;
  private final List<String> command;
  private final ProcessFamily family;
  private final Process process;
  private final Thread reader;
  private final Thread killOnExit;
  private final Deque<Line> lines = new ArrayDeque<>();
  private long linesRead;
  private long keptBytes;
  private long droppedBytes;
  private long cutLines;
  private long cutChars;
  private boolean outputEnded;
  private Throwable readFailure;
  private final Object closing = new Object();
  private boolean closed; // guarded by closing, not by this: killing takes seconds

  private AgentProcess(String agent, List<String> command, ProcessFamily family) {
    this.agent = agent;
    this.command = List.copyOf(command);
    this.family = family;
    this.process = family.leader();
    this.reader = new Thread(this::readOutput, "agent-bus-process-" + agent);
    reader.setDaemon(true);
    this.killOnExit = new Thread(family::killNow, "agent-bus-kill-" + agent);
  }

  static AgentProcess start(String agent, List<String> command, Map<String, String> env)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    AgentProcess started = new AgentProcess(agent, command, ProcessFamily.start(builder));
    started.process.getOutputStream().close(); // agents read the bus, not stdin
    try {
      // In a group of its own, Ctrl-C on the build no longer reaches the agent: the JVM kills it.
      Runtime.getRuntime().addShutdownHook(started.killOnExit);
    } catch (IllegalStateException e) {
      started.family.killNow();
      throw new IOException("the JVM is shutting down: no agent process is started any more", e);
    }
    started.reader.start();
    return started;
  }

  /**
   * @return the agent's name, as in its {@code AGENT_NAME}
   */
  public String agent() {
    return agent;
  }

  /**
   * @return the operating system's process id
   */
  public long pid() {
    return process.pid();
  }

  /**
   * @return whether the process is still running
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * @return the output lines kept so far, oldest first; a line that was cut ends with {@code …} and
   *     the count of characters left out
   */
  public synchronized List<String> lines() {
    List<String> copy = new ArrayList<>(lines.size());
    lines.forEach(line -> copy.add(line.text()));
    return copy;
  }

  /**
   * Waits until the process prints a line that matches (or returns at once if one was printed and
   * is still kept).
   *
   * @param matching the condition on one line, without its line ending
   * @param timeout the longest wait
   * @return the first matching line
   * @throws AssertionError if the timeout passes or the process ends its output first, with its
   *     output
   */
  public String awaitLine(Predicate<String> matching, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long seen = 0;
    synchronized (this) {
      while (true) {
        long dropped = linesRead - lines.size();
        long skip = Math.max(0, seen - dropped);
        int index = 0;
        for (Line line : lines) {
          if (index++ >= skip && matching.test(line.text())) {
            return line.text();
          }
        }
        seen = linesRead;
        if (outputEnded) {
          throw new AssertionError(
              "agent process "
                  + agent
                  + (readFailure == null
                      ? " ended its output"
                      : " stopped being read (" + readFailure + ")")
                  + " (exit "
                  + exitText()
                  + ") without printing a matching line\n"
                  + output());
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "agent process "
                  + agent
                  + " printed no matching line within "
                  + timeout.toMillis()
                  + " ms\n"
                  + output());
        }
        waitNanos(left);
      }
    }
  }

  /**
   * Waits until the process ends.
   *
   * @param timeout the longest wait
   * @return its exit code
   * @throws AssertionError if it still runs after the timeout, with its output
   */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new AssertionError(
            "agent process "
                + agent
                + " still runs after "
                + timeout.toMillis()
                + " ms\n"
                + output());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for agent process " + agent, e);
    }
    awaitOutputEnd();
    return process.exitValue();
  }

  /**
   * @return the command, its state and the output lines kept, for a failure message: at most about
   *     {@value #MAX_OUTPUT_BYTES} bytes of output, after a line that says what was left out
   */
  public synchronized String output() {
    StringBuilder text =
        new StringBuilder("--- agent process ")
            .append(agent)
            .append(" (pid ")
            .append(process.pid())
            .append(", ")
            .append(process.isAlive() ? "running" : "exit " + process.exitValue())
            .append("): ")
            .append(String.join(" ", command))
            .append('\n');
    long dropped = linesRead - lines.size();
    if (dropped > 0) {
      text.append("(")
          .append(dropped)
          .append(" older lines, ")
          .append(droppedBytes)
          .append(" bytes, left out; the newest ")
          .append(lines.size())
          .append(" lines, ")
          .append(keptBytes)
          .append(" bytes, follow)\n");
    }
    if (cutLines > 0) {
      text.append("(")
          .append(cutLines)
          .append(cutLines == 1 ? " line was" : " lines were")
          .append(" longer than ")
          .append(MAX_LINE_CHARS)
          .append(" characters: ")
          .append(cutChars)
          .append(" characters cut)\n");
    }
    for (Line line : lines) {
      text.append(line.text()).append('\n');
    }
    if (readFailure != null) {
      text.append("(output no longer read: ").append(readFailure).append(")\n");
    }
    return text.append("--- end of ").append(agent).append(" output").toString();
  }

  /**
   * Kills the process and every process it started: politely (TERM) first, forcibly (KILL) after
   * two seconds; then lists the family again and kills what it finds, a few times at most. On
   * Linux, where the {@code setsid} utility runs the agent in a group and session of their own, the
   * family is everything in that group or session, including children whose parent has already
   * ended; elsewhere it is the process's descendants. Returns once all are gone, or after about ten
   * seconds at most, saying on standard error which survived. Idempotent: a call while another
   * kills returns when that one is done.
   */
  @Override
  public void close() {
    synchronized (closing) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        Runtime.getRuntime().removeShutdownHook(killOnExit);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook kills the family anyway
      }
      List<ProcessHandle> survivors = family.kill(ProcessFamily.GRACE);
      if (!survivors.isEmpty()) {
        try {
          // a survivor may hold the output open: let the reading thread end
          process.getInputStream().close();
        } catch (IOException e) {
          // it ends when the survivors do
        }
        System.err.println(
            "agent-bus: agent process "
                + agent
                + " (pid "
                + process.pid()
                + ") left processes running that could not be killed: "
                + survivors.stream().map(ProcessHandle::pid).toList());
      }
    }
  }

  private void readOutput() {
    try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
      new BoundedLines(MAX_LINE_CHARS).readAll(in, this::append);
    } catch (IOException | RuntimeException | Error e) {
      synchronized (this) {
        readFailure = e;
      }
    } finally {
      synchronized (this) {
        outputEnded = true;
        notifyAll();
      }
    }
  }

  private synchronized void append(String text, long cut) {
    Line line = cut == 0 ? new Line(text, utf8Length(text) + 1) : cut(text, cut);
    lines.addLast(line);
    keptBytes += line.bytes();
    linesRead++;
    while (lines.size() > 1 && (lines.size() > MAX_LINES || keptBytes > MAX_OUTPUT_BYTES)) {
      Line oldest = lines.removeFirst();
      keptBytes -= oldest.bytes();
      droppedBytes += oldest.bytes();
    }
    notifyAll();
  }

  private Line cut(String text, long cut) {
    cutLines++;
    cutChars += cut;
    String shown = text + "… (" + cut + " more characters cut)";
    return new Line(shown, utf8Length(shown) + 1);
  }

  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }

  private synchronized void awaitOutputEnd() {
    long deadline = System.nanoTime() + ProcessFamily.GRACE.toNanos();
    while (!outputEnded && deadline - System.nanoTime() > 0) {
      waitNanos(deadline - System.nanoTime());
    }
  }

  private void waitNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.timedWait(this, nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for agent process " + agent, e);
    }
  }

  private String exitText() {
    return process.isAlive() ? "not yet" : String.valueOf(process.exitValue());
  }

  /**
   * One output line as kept.
   *
   * @param text the line, without its ending
   * @param bytes its size in UTF-8, with one byte for its ending
   */
  private record Line(String text, long bytes) {}
}
